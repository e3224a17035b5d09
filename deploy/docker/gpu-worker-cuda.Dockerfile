# syntax=docker/dockerfile:1
# The GPU worker, CUDA flavour: the same application with PyTorch 2.7.1's CUDA 12.8 libtorch, the build DJL 0.35.1
# ships a JNI bridge for (jnilib/linux-x86_64/cu128 in pytorch-jni). libtorch is fetched when the IMAGE is built and
# checked against LIBTORCH_SHA256; a pod never downloads anything. The host's NVIDIA driver (>= 570 for CUDA 12.8)
# comes in through the NVIDIA container runtime / device plugin.
# Build from the repository root:
#   ./mvnw -pl gpu-worker -am package -DskipTests
#   docker build -f deploy/docker/gpu-worker-cuda.Dockerfile --build-arg LIBTORCH_SHA256=<sha256 of the zip> \
#       -t chimera/gpu-worker:0.1.0-SNAPSHOT-cuda .
ARG PYTORCH_VERSION=2.7.1
ARG DJL_VERSION=0.35.1
ARG PYTORCH_FLAVOR=cu128

FROM eclipse-temurin:17-jdk-noble AS libtorch
ARG PYTORCH_VERSION
ARG DJL_VERSION
ARG PYTORCH_FLAVOR
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/${PYTORCH_FLAVOR}/libtorch-cxx11-abi-shared-with-deps-${PYTORCH_VERSION}%2B${PYTORCH_FLAVOR}.zip
ARG LIBTORCH_SHA256
COPY gpu-worker/target/quarkus-app/ /deployments/
WORKDIR /unpack
RUN test -n "$LIBTORCH_SHA256" || { echo "pass --build-arg LIBTORCH_SHA256=<sha256 of $LIBTORCH_URL>" >&2; exit 1; } \
    && apt-get update && apt-get install -y --no-install-recommends curl \
    && curl -fsSL -o libtorch.zip "$LIBTORCH_URL" \
    && echo "$LIBTORCH_SHA256  libtorch.zip" | sha256sum -c - \
    && jar xf libtorch.zip \
    && mkdir -p /opt/libtorch \
    && mv libtorch/lib /opt/libtorch/lib \
    && jni=/deployments/lib/main/ai.djl.pytorch.pytorch-jni-${PYTORCH_VERSION}-${DJL_VERSION}.jar \
    && jar xf "$jni" "jnilib/linux-x86_64/${PYTORCH_FLAVOR}/libdjl_torch.so" \
    && mv "jnilib/linux-x86_64/${PYTORCH_FLAVOR}/libdjl_torch.so" /opt/libtorch/lib/ \
    && mkdir /empty \
    && jar cf /deployments/lib/main/ai.djl.pytorch.pytorch-native-cpu-${PYTORCH_VERSION}-linux-x86_64.jar -C /empty .

FROM nvidia/cuda:12.8.1-base-ubuntu24.04
ARG PYTORCH_VERSION
ARG PYTORCH_FLAVOR

RUN apt-get update && apt-get install -y --no-install-recommends wget ca-certificates && rm -rf /var/lib/apt/lists/* \
    && groupadd -g 10001 chimera && useradd -u 10001 -g chimera -M -s /usr/sbin/nologin chimera \
    && mkdir -p /var/cache/chimera/models && chown -R 10001:10001 /var/cache/chimera

COPY --from=eclipse-temurin:17-jre-noble /opt/java/openjdk /opt/java/openjdk
COPY --from=libtorch /opt/libtorch/ /opt/libtorch/
WORKDIR /deployments
COPY --from=libtorch /deployments/lib/ /deployments/lib/
COPY --from=libtorch /deployments/quarkus-run.jar /deployments/
COPY --from=libtorch /deployments/app/ /deployments/app/
COPY --from=libtorch /deployments/quarkus/ /deployments/quarkus/

ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    CHIMERA_HTTP_HOST=0.0.0.0 \
    CHIMERA_HTTP_PORT=8082 \
    CHIMERA_MODEL_CACHE=/var/cache/chimera/models \
    PYTORCH_VERSION=${PYTORCH_VERSION} \
    PYTORCH_FLAVOR=${PYTORCH_FLAVOR} \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    DJL_CACHE_DIR=/var/cache/chimera/djl \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.concurrent.ForkJoinPool.common.parallelism=4"

USER 10001:10001
EXPOSE 8082
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8082/q/health/live || exit 1
ENTRYPOINT ["java", "-Doffline=true", "-jar", "/deployments/quarkus-run.jar"]
