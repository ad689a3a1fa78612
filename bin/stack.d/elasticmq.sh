# ElasticMQ: an SQS-compatible queue server, from its Maven jars. In-memory: queues are disposable work
# (design §14), so nothing of record is lost on restart.

SQS_PORT=${STACK_SQS_PORT:-29324}

elasticmq_lib() { printf '%s/lib/elasticmq' "$STACK_HOME"; }

elasticmq_install() { maven_install elasticmq; }

elasticmq_start() {
  local conf="$STACK_HOME/conf/elasticmq"
  require_ports_free elasticmq "$SQS_PORT"
  mkdir -p "$conf"
  cat >"$conf/elasticmq.conf" <<CONF
include classpath("application.conf")
node-address { protocol = http, host = "127.0.0.1", port = $SQS_PORT, context-path = "" }
rest-sqs { enabled = true, bind-port = $SQS_PORT, bind-hostname = "127.0.0.1", sqs-limits = strict }
rest-stats { enabled = false }
generate-node-address = false
CONF
  spawn elasticmq "$(stack_java)" -Xms64m -Xmx256m -XX:+UseSerialGC \
    -Dconfig.file="$conf/elasticmq.conf" -cp "$(readlink -f "$(elasticmq_lib)")/*" org.elasticmq.server.Main
  wait_ready elasticmq 60 curl -sf -o /dev/null "http://127.0.0.1:$SQS_PORT/?Action=ListQueues"
}

elasticmq_running() { is_running elasticmq; }
elasticmq_stop() { stop_ours elasticmq; }

elasticmq_status() {
  local pid
  if pid=$(our_pid elasticmq); then
    step elasticmq "running pid $pid, SQS API http://127.0.0.1:$SQS_PORT (ElasticMQ)"
  else
    step elasticmq "not running"
  fi
}

elasticmq_env() { printf 'export SQS_ENDPOINT=http://127.0.0.1:%s\n' "$SQS_PORT"; }
