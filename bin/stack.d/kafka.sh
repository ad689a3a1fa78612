# Kafka: one KRaft node (broker + controller) from the Maven jars, configured as production is
# (ARCHITECTURE §9): SASL_PLAINTEXT with SCRAM-SHA-512 only, StandardAuthorizer, an admin super-user,
# no automatic topic creation. Its storage is formatted exactly once: it holds the canonical history.

KAFKA_PORT=${STACK_KAFKA_PORT:-29092}
KAFKA_CONTROLLER_PORT=${STACK_KAFKA_CONTROLLER_PORT:-29093}
KAFKA_ADMIN=admin
KAFKA_TOPICS=(debugging.timeline debugging.internal debugging.evaluation)

kafka_lib() { printf '%s/lib/kafka' "$STACK_HOME"; }
kafka_conf() { printf '%s/conf/kafka' "$STACK_HOME"; }
kafka_data() { printf '%s/data/kafka' "$STACK_HOME"; }
# Written after a complete format; its absence next to a non-empty log directory means a format broke off.
kafka_marker() { printf '%s/data/kafka.formatted' "$STACK_HOME"; }

kafka_install() { maven_install kafka; }

# The admin password is made once per stack and kept beside the config, readable by root only.
kafka_admin_password() {
  local file
  file="$(kafka_conf)/admin.password"
  if [ ! -s "$file" ]; then
    mkdir -p "$(kafka_conf)"
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

kafka_java() {
  "$(stack_java)" -Dlog4j2.configurationFile="$(kafka_conf)/$1" -cp "$(readlink -f "$(kafka_lib)")/*" "${@:2}"
}

kafka_write_config() {
  local conf password
  conf=$(kafka_conf)
  password=$(kafka_admin_password)
  mkdir -p "$conf"
  (umask 077 && cat >"$conf/server.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN" password="$password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
# ANONYMOUS is the plaintext controller listener's principal; without it the broker never registers.
super.users=User:$KAFKA_ADMIN;User:ANONYMOUS
auto.create.topics.enable=false
log.dirs=$(kafka_data)
message.max.bytes=4194304
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
CONF
  cat >"$conf/client.properties" <<CONF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN" password="$password";
CONF
  )
  cat >"$conf/log4j2.properties" <<'CONF'
rootLogger.level=INFO
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
logger.request.name=kafka.request.logger
logger.request.level=WARN
logger.authorizer.name=kafka.authorizer.logger
logger.authorizer.level=WARN
logger.state.name=state.change.logger
logger.state.level=WARN
logger.apache.name=org.apache.kafka
logger.apache.level=INFO
logger.clients.name=org.apache.kafka.clients
logger.clients.level=WARN
CONF
  cat >"$conf/tools-log4j2.properties" <<'CONF'
rootLogger.level=WARN
rootLogger.appenderRef.stderr.ref=STDERR
appender.stderr.type=Console
appender.stderr.name=STDERR
appender.stderr.target=SYSTEM_ERR
appender.stderr.layout.type=PatternLayout
appender.stderr.layout.pattern=%p %m (%c)%n
CONF
}

# Formats the log directory once. A log directory that exists without the marker, or a marker without the
# directory's meta.properties, is a broken format: reported, never re-formatted (that would wipe history).
kafka_format_once() {
  local data marker tmp cluster
  data=$(kafka_data)
  marker=$(kafka_marker)
  if [ -f "$marker" ]; then
    [ -f "$data/meta.properties" ] || die "Kafka storage $data is marked formatted but has no meta.properties: it was damaged. Inspect it; 'bin/stack reset --yes' wipes ALL stack data."
    return 0
  fi
  if [ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
    die "Kafka storage $data is half-formatted (no $marker): a format was interrupted or the directory was made by hand. It is not re-formatted automatically, since that would wipe history. Inspect it, then remove it or run 'bin/stack reset --yes'."
  fi
  tmp="$data.formatting"
  if [ -e "$tmp" ]; then
    say "  removing $tmp, left by an interrupted format (it never held any record)"
    rm -rf "$tmp"
  fi
  mkdir -p "$(dirname "$data")"
  cluster=$(kafka_java tools-log4j2.properties kafka.tools.StorageTool random-uuid)
  # Format into a scratch directory and move it into place, so an interruption never leaves a half-format.
  sed "s|^log.dirs=.*|log.dirs=$tmp|" "$(kafka_conf)/server.properties" >"$(kafka_conf)/format.properties"
  chmod 600 "$(kafka_conf)/format.properties"
  if ! kafka_java tools-log4j2.properties kafka.tools.StorageTool format -t "$cluster" \
      -c "$(kafka_conf)/format.properties" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN,password=$(kafka_admin_password)]" \
      >"$STACK_LOGS/kafka-format.log" 2>&1; then
    rm -f "$(kafka_conf)/format.properties"
    tail -n 20 "$STACK_LOGS/kafka-format.log" >&2
    die "formatting Kafka storage failed (above)"
  fi
  rm -f "$(kafka_conf)/format.properties"
  rmdir "$data" 2>/dev/null || true
  mv "$tmp" "$data"
  printf 'cluster.id=%s\n' "$cluster" >"$marker"
  step kafka "formatted storage $data (cluster $cluster)"
}

kafka_tool_class() {
  case "$1" in
    topics) echo org.apache.kafka.tools.TopicCommand ;;
    console-consumer) echo org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    console-producer) echo org.apache.kafka.tools.ConsoleProducer ;;
    consumer-groups) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    acls) echo org.apache.kafka.tools.AclCommand ;;
    configs) echo kafka.admin.ConfigCommand ;;
    metadata-quorum) echo org.apache.kafka.tools.MetadataQuorumCommand ;;
    *) return 1 ;;
  esac
}

# bin/stack kafka TOOL ARGS…: Kafka's own CLI with the bootstrap server and the admin's SCRAM settings.
kafka_tool() {
  local tool=${1:-} class config_flag
  class=$(kafka_tool_class "$tool") || die "unknown Kafka tool '${tool}'. Tools: topics, console-consumer, console-producer, consumer-groups, acls, configs, metadata-quorum"
  shift
  [ -f "$(kafka_conf)/client.properties" ] && [ -e "$(kafka_lib)" ] || die "Kafka is not set up yet: run bin/stack up"
  case "$tool" in
    console-consumer) config_flag=--consumer.config ;;
    console-producer) config_flag=--producer.config ;;
    *) config_flag=--command-config ;;
  esac
  kafka_java tools-log4j2.properties "$class" --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    "$config_flag" "$(kafka_conf)/client.properties" "$@"
}

kafka_ensure_topics() {
  local existing topic extra missing=()
  existing=$(kafka_tool topics --list 2>>"$STACK_LOGS/kafka-tools.log") || return 1
  for topic in "${KAFKA_TOPICS[@]}"; do
    grep -qxF "$topic" <<<"$existing" || missing+=("$topic")
  done
  for topic in "${missing[@]}"; do
    extra=()
    [ "$topic" = debugging.timeline ] && extra=(--config retention.ms=-1)
    kafka_tool topics --create --if-not-exists --topic "$topic" --partitions 12 --replication-factor 1 \
      --config max.message.bytes=4194304 "${extra[@]}" >>"$STACK_LOGS/kafka-tools.log" 2>&1 || return 1
    step kafka "created topic $topic"
  done
}

kafka_start() {
  require_ports_free kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
  kafka_write_config
  kafka_format_once
  spawn kafka "$(stack_java)" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Dlog4j2.configurationFile="$(kafka_conf)/log4j2.properties" -Dkafka.logs.dir="$STACK_LOGS" \
    -cp "$(readlink -f "$(kafka_lib)")/*" kafka.Kafka "$(kafka_conf)/server.properties"
  wait_ready kafka 90 port_listening "$KAFKA_PORT"
  # The listener opens before the broker has caught up with its metadata; the topic call retries until then.
  wait_ready kafka 60 kafka_ensure_topics
}

kafka_running() { is_running kafka; }
kafka_stop() { stop_ours kafka 30; }

kafka_status() {
  local pid
  if pid=$(our_pid kafka); then
    step kafka "running pid $pid, SASL_PLAINTEXT/SCRAM-SHA-512 127.0.0.1:$KAFKA_PORT (Kafka, KRaft)"
  else
    step kafka "not running"
  fi
}

kafka_env() {
  printf 'export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:%s\n' "$KAFKA_PORT"
  printf 'export KAFKA_SASL_USERNAME=%s\n' "$KAFKA_ADMIN"
  printf 'export KAFKA_SASL_PASSWORD=%s\n' "$(kafka_admin_password)"
}
