# syntax=docker/dockerfile:1
# The job scheduler: the Quarkus fast-jar of job-scheduler on a JRE, plus the schema migration the Helm chart's
# pre-install/pre-upgrade Job runs (deploy/docker/schema-migration). Build from the repository root:
#   ./mvnw -pl job-scheduler -am package -DskipTests
#   docker build -f deploy/docker/job-scheduler.Dockerfile -t chimera/job-scheduler:0.1.0-SNAPSHOT .

# The migration entry point is compiled against the very jars the image ships.
FROM eclipse-temurin:17-jdk-alpine AS migration
COPY job-scheduler/target/quarkus-app/lib/ /deployments/lib/
COPY deploy/docker/schema-migration/SchemaMigration.java /src/
RUN javac -d /deployments/migration -cp "/deployments/lib/main/*:/deployments/lib/boot/*" /src/SchemaMigration.java

FROM eclipse-temurin:17-jre-alpine

RUN addgroup -S -g 10001 chimera && adduser -S -D -H -u 10001 -G chimera chimera

WORKDIR /deployments
COPY job-scheduler/target/quarkus-app/lib/ /deployments/lib/
COPY job-scheduler/target/quarkus-app/quarkus-run.jar /deployments/
COPY job-scheduler/target/quarkus-app/app/ /deployments/app/
COPY job-scheduler/target/quarkus-app/quarkus/ /deployments/quarkus/
COPY --from=migration /deployments/migration/ /deployments/migration/

ENV CHIMERA_HTTP_HOST=0.0.0.0 \
    CHIMERA_HTTP_PORT=8081 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.concurrent.ForkJoinPool.common.parallelism=4"

USER 10001:10001
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8081/q/health/live || exit 1
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
