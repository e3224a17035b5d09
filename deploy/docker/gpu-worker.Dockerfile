# syntax=docker/dockerfile:1
# The GPU worker, CPU flavour: the Quarkus fast-jar of gpu-worker on a glibc JRE (libtorch needs glibc), with
# PyTorch 2.7.1's CPU libtorch unpacked at build time from the pytorch-native-cpu jar Maven already resolved, so DJL
# finds it through PYTORCH_LIBRARY_PATH and never extracts or downloads anything when a pod starts.
# Build from the repository root:
#   ./mvnw -pl gpu-worker -am package -DskipTests
#   docker build -f deploy/docker/gpu-worker.Dockerfile -t chimera/gpu-worker:0.1.0-SNAPSHOT-cpu .
ARG PYTORCH_VERSION=2.7.1
ARG DJL_VERSION=0.35.1

FROM eclipse-temurin:17-jdk-noble AS libtorch
ARG PYTORCH_VERSION
ARG DJL_VERSION
COPY gpu-worker/target/quarkus-app/ /deployments/
WORKDIR /unpack
# libtorch and DJL's JNI bridge go to one folder; the now redundant 450 MB jar is replaced by an empty one (the
# application's class-path index still names it) so the image carries libtorch once.
RUN native=/deployments/lib/main/ai.djl.pytorch.pytorch-native-cpu-${PYTORCH_VERSION}-linux-x86_64.jar \
    && jni=/deployments/lib/main/ai.djl.pytorch.pytorch-jni-${PYTORCH_VERSION}-${DJL_VERSION}.jar \
    && jar xf "$native" pytorch/cpu/linux-x86_64 \
    && jar xf "$jni" jnilib/linux-x86_64/cpu/libdjl_torch.so \
    && mkdir -p /opt/libtorch/lib \
    && mv pytorch/cpu/linux-x86_64/* jnilib/linux-x86_64/cpu/libdjl_torch.so /opt/libtorch/lib/ \
    && mkdir /empty && jar cf "$native" -C /empty .

FROM eclipse-temurin:17-jre-noble
ARG PYTORCH_VERSION

RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/* \
    && groupadd -g 10001 chimera && useradd -u 10001 -g chimera -M -s /usr/sbin/nologin chimera \
    && mkdir -p /var/cache/chimera/models && chown -R 10001:10001 /var/cache/chimera

COPY --from=libtorch /opt/libtorch/ /opt/libtorch/
WORKDIR /deployments
COPY --from=libtorch /deployments/lib/ /deployments/lib/
COPY --from=libtorch /deployments/quarkus-run.jar /deployments/
COPY --from=libtorch /deployments/app/ /deployments/app/
COPY --from=libtorch /deployments/quarkus/ /deployments/quarkus/

ENV CHIMERA_HTTP_HOST=0.0.0.0 \
    CHIMERA_HTTP_PORT=8082 \
    CHIMERA_MODEL_CACHE=/var/cache/chimera/models \
    PYTORCH_VERSION=${PYTORCH_VERSION} \
    PYTORCH_FLAVOR=cpu \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    DJL_CACHE_DIR=/var/cache/chimera/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.concurrent.ForkJoinPool.common.parallelism=4"

USER 10001:10001
EXPOSE 8082
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8082/q/health/live || exit 1
# SIGTERM goes straight to the JVM: the worker checkpoints its job, releases it and exits (CHIMERA_SHUTDOWN_GRACE).
ENTRYPOINT ["java", "-Doffline=true", "-jar", "/deployments/quarkus-run.jar"]
