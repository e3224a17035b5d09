# shellcheck shell=bash
# Kafka of the local stack: one process that is both broker and KRaft controller, run from the jars of
# org.apache.kafka:kafka_2.13 (deploy/local/servers/pom.xml). Sourced by deploy/local/stack.

KAFKA_DIR="$STACK_DIR/kafka"

kafka_ports() { echo "$CHIMERA_KAFKA_PORT $CHIMERA_KAFKA_CONTROLLER_PORT"; }

# Sends a Kafka ApiVersions request (v0) and expects the answer to our correlation id with error code 0. The broker
# opens its client listener only once it has caught up with the controller's metadata, so an answer means ready.
kafka_answers() {
  local request='\x00\x00\x00\x17\x00\x12\x00\x00\x00\x00\x00\x2a\x00\x0dchimera-stack' reply
  # size 23 | api key 18 (ApiVersions) | version 0 | correlation id 42 | client id "chimera-stack" (13 bytes)
  # shellcheck disable=SC2016 # expanded by the inner shell, from its arguments
  reply=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "$2" >&3 && head -c 10 <&3 | od -An -tx1' \
    kafka-answers "$CHIMERA_KAFKA_PORT" "$request" 2>/dev/null) || return 1
  # bytes 0-3: response size | 4-7: correlation id 42 | 8-9: error code 0
  local bytes
  read -ra bytes <<<"$reply"
  [[ ${bytes[*]:4:6} == "00 00 00 2a 00 00" ]]
}

kafka_serves() { kafka_answers; }

kafka_describe() {
  printf 'Kafka%s (KRaft) on 127.0.0.1:%s, controller 127.0.0.1:%s' "$(kafka_version)" "$CHIMERA_KAFKA_PORT" \
    "$CHIMERA_KAFKA_CONTROLLER_PORT"
}

kafka_version() {
  local jar
  jar=$(find "$LIB_DIR/kafka" -maxdepth 1 -name 'kafka_2.13-*.jar' 2>/dev/null | head -n 1)
  [[ -n $jar ]] || return 0
  jar=${jar##*/kafka_2.13-}
  printf ' %s' "${jar%.jar}"
}

kafka_java() {
  java -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$LIB_DIR/kafka/*" "$@"
}

kafka_prepare() {
  mkdir -p "$KAFKA_DIR/data"
  # Written on every start so that changed ports take effect; the cluster id lives in data/meta.properties.
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by deploy/local/stack on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CHIMERA_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$CHIMERA_KAFKA_PORT,CONTROLLER://127.0.0.1:$CHIMERA_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$CHIMERA_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
group.share.min.heartbeat.interval.ms=100
EOF
  cat >"$KAFKA_DIR/log4j2.properties" <<'EOF'
# Written by deploy/local/stack: broker logs go to stdout, which the stack appends to logs/kafka.log.
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
  if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
    local cluster_id
    # The tool logs to stdout before it prints the id: the id is the last line.
    cluster_id=$(kafka_java -Xmx128m kafka.tools.StorageTool random-uuid | tail -n 1)
    [[ $cluster_id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: could not make a cluster id (got: $cluster_id)"
    say "kafka: formatting $KAFKA_DIR/data for new cluster $cluster_id"
    kafka_java -Xmx128m kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      >>"$(log_file kafka)" 2>&1 || die "kafka: formatting its storage failed; see $(log_file kafka)"
  fi
}

kafka_launch() {
  # shellcheck disable=SC2086 # the JVM options are several words on purpose
  launch kafka java $CHIMERA_KAFKA_JVM_OPTS -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$LIB_DIR/kafka/*" \
    kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_after_start() { :; }

kafka_stop() { kill -TERM "$1"; }
