# Kafka: one KRaft node (broker + controller) from the Maven jars, configured as production is
# (ARCHITECTURE §9): SCRAM-SHA-512 only, over SASL_PLAINTEXT and, on a second listener, over SASL_SSL with a
# self-signed certificate; StandardAuthorizer, an admin super-user, no automatic topic creation. Its storage is
# formatted exactly once: it holds the canonical history.

KAFKA_PORT=${STACK_KAFKA_PORT:-29092}
KAFKA_CONTROLLER_PORT=${STACK_KAFKA_CONTROLLER_PORT:-29093}
KAFKA_SSL_PORT=${STACK_KAFKA_SSL_PORT:-29094}
KAFKA_ADMIN=admin
KAFKA_TOPICS=(debugging.timeline debugging.internal debugging.evaluation)

kafka_lib() { printf '%s/lib/kafka' "$STACK_HOME"; }
kafka_conf() { printf '%s/conf/kafka' "$STACK_HOME"; }
kafka_tls() { printf '%s/tls' "$(kafka_conf)"; }
kafka_data() { printf '%s/data/kafka' "$STACK_HOME"; }
# Written after a complete format; its absence next to a non-empty log directory means a format broke off.
kafka_marker() { printf '%s/data/kafka.formatted' "$STACK_HOME"; }

kafka_install() { maven_install kafka; }

# A secret made once per stack and kept in FILE, readable by root only.
kafka_secret() {
  local file=$1
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

kafka_admin_password() { kafka_secret "$(kafka_conf)/admin.password"; }

# The SASL_SSL listener's certificate, made once per stack with the JDK's keytool: self-signed, for the names a
# client checks with hostname verification on (127.0.0.1 and localhost). The broker's keystore and both store
# passwords are root-only; the trust store and the PEM copy of the certificate hold nothing secret. Made in a
# scratch directory and moved into place, so an interruption never leaves half of it.
kafka_make_certificate() {
  local tls tmp keytool
  tls=$(kafka_tls)
  [ -s "$tls/broker.p12" ] && [ -s "$tls/truststore.p12" ] && return 0
  keytool="$(dirname "$(stack_java)")/keytool"
  [ -x "$keytool" ] || die "$keytool is missing; it makes the certificate of Kafka's SASL_SSL listener (STACK_JAVA_HOME names another JDK)"
  tmp="$tls.partial"
  rm -rf "$tmp"
  kafka_secret "$tmp/keystore.password" >/dev/null
  kafka_secret "$tmp/truststore.password" >/dev/null
  # Passwords from files, never on a command line that others can read; the keystore root-only from the start.
  if ! (umask 077 && "$keytool" -genkeypair -keystore "$tmp/broker.p12" -storetype PKCS12 -storepass:file "$tmp/keystore.password" \
        -alias kafka -keyalg EC -groupname secp256r1 -validity 3650 -dname "CN=localhost, O=debugd local stack" \
        -ext "san=ip:127.0.0.1,dns:localhost" &&
      "$keytool" -exportcert -keystore "$tmp/broker.p12" -storetype PKCS12 -storepass:file "$tmp/keystore.password" \
        -alias kafka -rfc -file "$tmp/broker.crt" &&
      "$keytool" -importcert -noprompt -keystore "$tmp/truststore.p12" -storetype PKCS12 \
        -storepass:file "$tmp/truststore.password" -alias debugd-stack-kafka -file "$tmp/broker.crt"
  ) >"$STACK_LOGS/kafka-keytool.log" 2>&1; then
    tail -n 20 "$STACK_LOGS/kafka-keytool.log" >&2
    die "making the certificate of Kafka's SASL_SSL listener with $keytool failed (above)"
  fi
  chmod 755 "$tmp"
  chmod 644 "$tmp/truststore.p12" "$tmp/broker.crt"
  rm -rf "$tls"
  mv "$tmp" "$tls"
  step kafka "made a self-signed certificate for 127.0.0.1 and localhost: $tls/broker.crt"
}

kafka_java() {
  "$(stack_java)" -Dlog4j2.configurationFile="$(kafka_conf)/$1" -cp "$(readlink -f "$(kafka_lib)")/*" "${@:2}"
}

kafka_write_config() {
  local conf password tls
  conf=$(kafka_conf)
  tls=$(kafka_tls)
  password=$(kafka_admin_password)
  mkdir -p "$conf"
  kafka_make_certificate
  (umask 077 && cat >"$conf/server.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_SSL://127.0.0.1:$KAFKA_SSL_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_SSL://127.0.0.1:$KAFKA_SSL_PORT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN" password="$password";
# The broker only checks its clients' SCRAM credentials here (it talks to itself over SASL_PLAINTEXT): no login of its own.
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
listener.name.sasl_ssl.ssl.keystore.location=$tls/broker.p12
listener.name.sasl_ssl.ssl.keystore.password=$(cat "$tls/keystore.password")
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
  # Root-only from the start: it holds the passwords that server.properties holds.
  (umask 077 && sed "s|^log.dirs=.*|log.dirs=$tmp|" "$(kafka_conf)/server.properties" >"$(kafka_conf)/format.properties")
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
  require_ports_free kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SSL_PORT"
  kafka_write_config
  kafka_format_once
  spawn kafka "$(stack_java)" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Dlog4j2.configurationFile="$(kafka_conf)/log4j2.properties" -Dkafka.logs.dir="$STACK_LOGS" \
    -cp "$(readlink -f "$(kafka_lib)")/*" kafka.Kafka "$(kafka_conf)/server.properties"
  wait_ready kafka 90 port_listening "$KAFKA_PORT"
  wait_ready kafka 30 kafka_ssl_open
  # The listener opens before the broker has caught up with its metadata; the topic call retries until then.
  wait_ready kafka 60 kafka_ensure_topics
}

kafka_running() { is_running kafka; }
kafka_stop() { stop_ours kafka 30; }

# Our Kafka listens on the SASL_SSL port (a Kafka started before that listener existed does not). Only root is shown
# which process holds a port; for anyone else, a listening port counts as Kafka's.
kafka_ssl_open() {
  local pid line
  pid=$(our_pid kafka) || return 1
  line=$(ss -Hltnp "sport = :$KAFKA_SSL_PORT" 2>/dev/null)
  [ -n "$line" ] || return 1
  [[ "$line" != *users:* || "$line" == *"pid=$pid,"* ]]
}

# Run by every `up`: a running Kafka without the SASL_SSL listener (started before it existed, or on another port)
# is restarted once with the current configuration. Its storage is kept as it is, never re-formatted.
kafka_ensure() {
  kafka_ssl_open && return 0
  # Checked before the stop, so a port held by another process leaves the running Kafka alone.
  require_ports_free kafka "$KAFKA_SSL_PORT"
  [ "$(id -u)" = 0 ] || die "Kafka must be restarted once to open its SASL_SSL listener: run bin/stack up as root"
  say "  kafka has no SASL_SSL listener on 127.0.0.1:$KAFKA_SSL_PORT yet: restarting it once to open it (data kept)"
  kafka_stop
  kafka_start
  step kafka "restarted with its SASL_SSL listener"
}

kafka_status() {
  local pid ssl
  if pid=$(our_pid kafka); then
    ssl="SASL_SSL/SCRAM-SHA-512 127.0.0.1:$KAFKA_SSL_PORT"
    kafka_ssl_open || ssl="no SASL_SSL listener yet (the next bin/stack up restarts Kafka once to open 127.0.0.1:$KAFKA_SSL_PORT)"
    step kafka "running pid $pid, SASL_PLAINTEXT/SCRAM-SHA-512 127.0.0.1:$KAFKA_PORT, $ssl (Kafka, KRaft)"
  else
    step kafka "not running"
  fi
}

kafka_env() {
  printf 'export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:%s\n' "$KAFKA_PORT"
  printf 'export KAFKA_SASL_USERNAME=%s\n' "$KAFKA_ADMIN"
  printf 'export KAFKA_SASL_PASSWORD=%s\n' "$(kafka_admin_password)"
  # The SASL_SSL listener, once an `up` has made its certificate: for tests and for pointing the platform at it
  # (KAFKA_SECURITY_PROTOCOL=SASL_SSL with KAFKA_BOOTSTRAP_SERVERS=$KAFKA_SSL_BOOTSTRAP_SERVERS).
  [ -s "$(kafka_tls)/truststore.p12" ] || return 0
  printf 'export KAFKA_SSL_BOOTSTRAP_SERVERS=127.0.0.1:%s\n' "$KAFKA_SSL_PORT"
  printf 'export KAFKA_SSL_TRUSTSTORE_LOCATION=%s\n' "$(kafka_tls)/truststore.p12"
  printf 'export KAFKA_SSL_TRUSTSTORE_PASSWORD=%s\n' "$(cat "$(kafka_tls)/truststore.password")"
}
