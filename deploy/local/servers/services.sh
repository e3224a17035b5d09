# shellcheck shell=bash
# Chimera's own services on the local stack: the gateway, the scheduler and the worker, each a plain
# `java -jar <module>/target/quarkus-app/quarkus-run.jar` against the stack's servers. Sourced by deploy/local/stack.

SERVICES=(gateway scheduler worker)

is_service() { [[ $1 == gateway || $1 == scheduler || $1 == worker ]]; }

service_module() {
  case $1 in
    gateway) echo api-gateway ;;
    scheduler) echo job-scheduler ;;
    worker) echo gpu-worker ;;
  esac
}

service_port() {
  case $1 in
    gateway) echo "$CHIMERA_GATEWAY_PORT" ;;
    scheduler) echo "$CHIMERA_SCHEDULER_PORT" ;;
    worker) echo "$CHIMERA_WORKER_PORT" ;;
  esac
}

service_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar' "$CHIMERA_CHECKOUT" "$(service_module "$1")"; }

service_url() { printf 'http://127.0.0.1:%s%s' "$(service_port "$1")" "${2:-}"; }

# Quarkus answers 200 on /q/health/ready only when every readiness check (database, Kafka, S3, work loop) is UP.
service_answers() { curl -sf -o /dev/null --max-time 3 "$(service_url "$1" /q/health/ready)"; }

service_describe() {
  printf '%s on %s (java -jar %s)' "$(service_module "$1")" "$(service_url "$1" /)" \
    "${CHIMERA_CHECKOUT##*/}/$(service_module "$1")/target/quarkus-app/quarkus-run.jar"
}

service_prepare() {
  local jar
  jar=$(service_jar "$1")
  [[ -f $jar ]] || die "$1: $jar is missing; build the services first: ./mvnw -q package -DskipTests (or run deploy/local/demo)"
  mkdir -p "$STACK_DIR/$1" "$CHIMERA_LOCAL_DIR/tmp" "$CHIMERA_MODEL_CACHE"
}

service_launch() {
  local service=$1 name settings=()
  for name in "${CHIMERA_CONNECTION_VARIABLES[@]}"; do settings+=("$name=${!name}"); done
  if [[ $service == gateway ]]; then
    settings+=("CHIMERA_SCALE_FROM_ZERO_METHODS=$CHIMERA_SCALE_FROM_ZERO_METHODS")
  fi
  # The -D marker names this stack's folder on the command line: running_pid recognises the process by it.
  # shellcheck disable=SC2086 # the JVM options are several words on purpose
  (cd "$STACK_DIR/$service" && launch "$service" env "${settings[@]}" CHIMERA_HTTP_PORT="$(service_port "$service")" \
    CHIMERA_MODEL_CACHE="$CHIMERA_MODEL_CACHE" PYTORCH_VERSION=2.7.1 \
    java $CHIMERA_SERVICE_JVM_OPTS -Dchimera.stack.service="$STACK_DIR/$service" -Doffline=true \
    -Djava.io.tmpdir="$CHIMERA_LOCAL_DIR/tmp" -jar "$(service_jar "$service")")
}

# SIGTERM: Quarkus shuts down gracefully; the worker stops its job at the next step and releases it first.
service_stop() { kill -TERM "$1"; }

for service in "${SERVICES[@]}"; do
  eval "${service}_ports() { service_port $service; }
${service}_answers() { service_answers $service; }
${service}_serves() { service_answers $service; }
${service}_describe() { service_describe $service; }
${service}_prepare() { service_prepare $service; }
${service}_launch() { service_launch $service; }
${service}_after_start() { :; }
${service}_stop() { service_stop \"\$1\"; }"
done
unset service
