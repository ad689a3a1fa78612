# Shared helpers for bin/stack and its components. Sourced, never run.
# Conventions: every component NAME has a PID file $STACK_RUN/NAME.pid and a log $STACK_LOGS/NAME.log;
# a process is "ours" only when the PID is alive AND its command line contains $STACK_HOME
# (PIDs get reused, so the PID file alone proves nothing).

STACK_RUN="$STACK_HOME/run"
STACK_LOGS="$STACK_HOME/logs"

say()  { printf '%s\n' "$*" >&2; }
step() { printf '  %-11s %s\n' "$1" "$2" >&2; }
die()  { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

# Milliseconds since the epoch, for timing steps.
now_ms() { date +%s%3N; }

pid_file() { printf '%s/%s.pid' "$STACK_RUN" "$1"; }

# The PID recorded for NAME if that process is alive and is ours; empty otherwise.
our_pid() {
  local file pid
  file=$(pid_file "$1")
  [ -f "$file" ] || return 1
  pid=$(head -n1 "$file" 2>/dev/null)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$STACK_HOME" || return 1
  printf '%s' "$pid"
}

is_running() { our_pid "$1" >/dev/null; }

# True when PID has exited: gone from /proc, or a zombie waiting to be reaped by whoever adopted it.
pid_gone() {
  local state
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 0
  [ -z "$state" ] || [ "$state" = Z ]
}

# Starts a long-running server in its own session, detached from this shell, logging to its log file.
spawn() {
  local name=$1; shift
  mkdir -p "$STACK_RUN" "$STACK_LOGS"
  local log="$STACK_LOGS/$name.log"
  printf '\n==== %s start %s ====\n' "$name" "$(date -u +%FT%TZ)" >>"$log"
  # fd 9 is the stack lock: a server must not inherit it, or it would hold the lock for its lifetime.
  setsid nohup "$@" >>"$log" 2>&1 </dev/null 9>&- &
  echo $! >"$(pid_file "$name")"
}

# Stops NAME if it is ours: TERM, then KILL after a grace period. Never touches a process that is not ours.
stop_ours() {
  local name=$1 grace=${2:-20} pid target i
  if pid=$(our_pid "$name"); then
    # spawn made the server a process-group leader: signal the group, so no child outlives it.
    target=$pid
    [ "$(sed -E 's/^.*\) [A-Za-z] [0-9]+ ([0-9]+) .*$/\1/' "/proc/$pid/stat" 2>/dev/null)" = "$pid" ] && target=-$pid
    kill -TERM -- "$target" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      pid_gone "$pid" && break
      sleep 0.1
    done
    if ! pid_gone "$pid"; then
      say "  $name did not stop within ${grace}s; killing pid $pid"
      kill -KILL -- "$target" 2>/dev/null || true
    fi
    step "$name" "stopped (pid $pid)"
  else
    step "$name" "not running"
  fi
  rm -f "$(pid_file "$name")"
}

# Who listens on a TCP port of the loopback, as "pid=N (command)"; empty when nobody does.
port_owner() {
  local port=$1 line pid
  line=$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n1)
  [ -n "$line" ] || return 1
  pid=$(grep -oE 'pid=[0-9]+' <<<"$line" | head -n1 | cut -d= -f2)
  if [ -n "$pid" ]; then
    printf 'pid %s (%s)' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)"
  else
    printf 'an unknown process'
  fi
}

port_listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# Refuses to start NAME when one of its ports is held by a process that is not ours.
require_ports_free() {
  local name=$1; shift
  local port owner
  for port in "$@"; do
    if owner=$(port_owner "$port"); then
      die "port $port, needed by $name, is already taken by $owner. Stop that process or set the port through the environment (see bin/stack --help)."
    fi
  done
}

# Waits until CMD succeeds; on time-out shows the last lines of NAME's log and fails.
wait_ready() {
  local name=$1 timeout=$2; shift 2
  local deadline=$(($(date +%s) + timeout)) pid
  until "$@" >/dev/null 2>&1; do
    if ! pid=$(our_pid "$name"); then
      say "stack: $name exited during start-up. Last lines of $STACK_LOGS/$name.log:"
      tail -n 30 "$STACK_LOGS/$name.log" >&2 || true
      exit 1
    fi
    if (($(date +%s) >= deadline)); then
      say "stack: $name did not become ready within ${timeout}s. Last lines of $STACK_LOGS/$name.log:"
      tail -n 30 "$STACK_LOGS/$name.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}

# --- packages -------------------------------------------------------------------------------------

DEBIAN_CODENAME=$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")

pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

APT_UPDATED=
apt_update_once() {
  [ -n "$APT_UPDATED" ] && return 0
  command -v apt-get >/dev/null || die "apt-get is not available: this script installs its servers from Debian's packages (Debian 12 or 13)."
  say "  apt-get update …"
  # --error-on=any: an unreachable mirror is an error, not a warning followed by stale lists.
  if ! apt-get update -qq --error-on=any -o DPkg::Lock::Timeout=300 >"$STACK_LOGS/apt.log" 2>&1; then
    tail -n 15 "$STACK_LOGS/apt.log" >&2
    die "apt-get update failed (above); the stack cannot install its packages. Check the machine's apt sources and network."
  fi
  APT_UPDATED=1
}

# Installs the Debian packages that are missing; a no-op (no apt call) when all are present.
apt_ensure() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  mkdir -p "$STACK_LOGS"
  apt_update_once
  say "  installing ${missing[*]} …"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >>"$STACK_LOGS/apt.log" 2>&1; then
    tail -n 15 "$STACK_LOGS/apt.log" >&2
    die "apt-get install ${missing[*]} failed (above)."
  fi
}

# The mirror of the machine's own Debian sources (never written into our files): the first source that
# serves this release's main suite, so third-party repositories and the security suite are passed over.
debian_mirror() {
  local uri
  uri=$(awk -v suite="$DEBIAN_CODENAME" '
      function found() { return u != "" && s && c }
      /^[[:space:]]*$/ { if (found()) { print u; exit } u = ""; s = 0; c = 0; next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
      /^Components:/ { for (i = 2; i <= NF; i++) if ($i == "main") c = 1 }
      END { if (found()) print u }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  [ -n "$uri" ] || uri=$(awk -v suite="$DEBIAN_CODENAME" '$1 == "deb" {
      i = 2; if ($i ~ /^\[/) while (i <= NF && $i !~ /\]$/) i++; if ($i ~ /^\[|\]$/) i++
      if ($(i + 1) != suite) next
      for (j = i + 2; j <= NF; j++) if ($j == "main") { print $i; exit } }' /etc/apt/sources.list 2>/dev/null | head -n1)
  [ -n "$uri" ] || die "cannot find Debian's $DEBIAN_CODENAME main suite in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources"
  printf '%s' "$uri"
}

# --- Java -----------------------------------------------------------------------------------------

# The JVM that runs the stack's Java servers: $STACK_JAVA_HOME if set, else the newest JDK >= 17 on the machine.
stack_java() {
  if [ -n "${STACK_JAVA_HOME:-}" ]; then
    [ -x "$STACK_JAVA_HOME/bin/java" ] || die "STACK_JAVA_HOME=$STACK_JAVA_HOME has no bin/java"
    printf '%s/bin/java' "$STACK_JAVA_HOME"; return
  fi
  local best="" best_v=0 j v
  for j in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null)"; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
    v=${v%%.*}
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if ((v >= 17 && v > best_v)); then best=$(readlink -f "$j"); best_v=$v; fi
  done
  [ -n "$best" ] || die "no JDK >= 17 found (looked in /usr/lib/jvm and on PATH); install one, e.g. apt-get install openjdk-17-jdk-headless (Debian 12) or openjdk-21-jdk-headless (Debian 13)"
  printf '%s' "$best"
}

# What the stack script itself, the build, the tests and the troubleshooting commands of the README need. A JDK,
# not just the runtime that Maven pulls in: javac --release 17 on a newer runtime needs the JDK's ct.sym. git: the
# tests check that fix diffs apply with `git apply`. openssl: the README checks Kafka's TLS listener with it.
install_prerequisites() {
  apt_ensure curl iproute2 procps util-linux maven default-jdk-headless awscli git openssl
  ensure_web_tools
}

# The dashboard's build needs Node.js >= 20.19 (Vite 7) and npm; its browser tests Debian's chromium. A machine's own
# newer Node.js (on PATH) is kept; Debian 12's nodejs package is 18, so there the setup says what to do.
ensure_web_tools() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_ensure nodejs npm
  apt_ensure chromium
  if ! node_recent_enough; then
    say "stack: warning: Node.js $(node --version) is older than 20.19, which the dashboard's build (Vite 7) needs; install"
    say "  Node.js 20.19 or later (Debian 13's nodejs package is 20.19) first on PATH. Until then the API is built without"
    say "  the dashboard and its tests fail saying so."
  fi
}

# Whether the node on PATH is 20.19 or later (the version web/build.sh checks too).
node_recent_enough() {
  local major minor
  IFS=. read -r major minor _ < <(node --version 2>/dev/null | tr -d v)
  [ "${major:-0}" -gt 20 ] || { [ "${major:-0}" -eq 20 ] && [ "${minor:-0}" -ge 19 ]; }
}

# Installs a JDK when the machine has none >= 17 (Debian 12's default is 17, Debian 13's 21).
ensure_java() {
  stack_java >/dev/null 2>&1 || apt_ensure default-jdk-headless
}

# Resolves the server jars that bin/stack.d/NAME/pom.xml names, through the machine's Maven, into
# $STACK_HOME/lib/NAME-<hash of the pom> and points $STACK_HOME/lib/NAME at it. A changed pom gets a new
# directory, so a running server never sees its jars change underneath it.
maven_install() {
  local name=$1 pom dir tmp
  pom="$STACK_SRC/stack.d/$name/pom.xml"
  dir="$STACK_HOME/lib/$name-$(sha1sum "$pom" | cut -c1-12)"
  if [ ! -f "$dir/.complete" ]; then
    command -v mvn >/dev/null || apt_ensure maven
    ensure_java
    say "  resolving $name jars with Maven …"
    tmp="$dir.partial"
    rm -rf "$tmp"
    # Not -q: when a download fails, the log's last lines must say why (a proxy, a certificate, …).
    if ! mvn -B -ntp -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
      >"$STACK_LOGS/maven-$name.log" 2>&1; then
      grep -E 'ERROR|WARN' "$STACK_LOGS/maven-$name.log" | tail -n 20 >&2
      die "Maven could not resolve the $name jars (above; full log $STACK_LOGS/maven-$name.log)"
    fi
    touch "$tmp/.complete"
    rm -rf "$dir"
    mv "$tmp" "$dir"
  fi
  ln -sfn "$(basename "$dir")" "$STACK_HOME/lib/$name" # relative: valid wherever the home is reached from
  # Jars of older poms: install runs only for a server that is not running, so none of them is in use.
  find "$STACK_HOME/lib" -mindepth 1 -maxdepth 1 -type d -name "$name-*" ! -name "$(basename "$dir")" -exec rm -rf {} +
}
