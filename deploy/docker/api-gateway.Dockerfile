# syntax=docker/dockerfile:1
# The API gateway: the Quarkus fast-jar of api-gateway on a JRE, as deploy/local runs it (java -jar quarkus-run.jar).
# Build the jar first, then the image from the repository root:
#   ./mvnw -pl api-gateway -am package -DskipTests
#   docker build -f deploy/docker/api-gateway.Dockerfile -t chimera/api-gateway:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre-alpine

RUN addgroup -S -g 10001 chimera && adduser -S -D -H -u 10001 -G chimera chimera

WORKDIR /deployments
# Dependencies first: they change less often than the application, so their layers are reused.
COPY api-gateway/target/quarkus-app/lib/ /deployments/lib/
COPY api-gateway/target/quarkus-app/quarkus-run.jar /deployments/
COPY api-gateway/target/quarkus-app/app/ /deployments/app/
COPY api-gateway/target/quarkus-app/quarkus/ /deployments/quarkus/

# In a container the service must listen on every interface; uploads are spooled to the writable /tmp.
ENV CHIMERA_HTTP_HOST=0.0.0.0 \
    CHIMERA_HTTP_PORT=8080 \
    QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY=/tmp/uploads \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.concurrent.ForkJoinPool.common.parallelism=4"

USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/q/health/live || exit 1
# Exec form: java is PID 1 and gets SIGTERM itself, so Quarkus shuts down gracefully.
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
