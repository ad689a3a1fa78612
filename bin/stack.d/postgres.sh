# PostgreSQL + pgvector for bin/stack: our own cluster under $STACK_HOME/data/postgres, on 127.0.0.1 only.
# Debian 12: PostgreSQL 15 with pgvector built from Debian 13's source package; Debian 13: both packaged.

case "${DEBIAN_CODENAME:-}" in
  bookworm) PG_MAJOR=15 ;;
  trixie) PG_MAJOR=17 ;;
  *) PG_MAJOR= ;;
esac
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_PORT=${STACK_PG_PORT:-25432}
PG_DATA=$STACK_HOME/data/postgres
PG_SOCKETS=$STACK_RUN/postgres
PG_VECTOR_MIN=0.8.0

pg_need_major() {
  [ -n "$PG_MAJOR" ] || die "PostgreSQL: unsupported system '${DEBIAN_CODENAME:-unknown}': the stack supports Debian 12 (bookworm, PostgreSQL 15) and Debian 13 (trixie, PostgreSQL 17)"
}

# Prefix that runs a command as the postgres OS user with a clean environment; it execs in place
# (unlike runuser), so the PID spawn records is the postmaster's own.
PG_AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8)
as_pg() { (cd / && exec "${PG_AS_PG[@]}" "$@"); }

pg_ready() { "$PG_BIN/pg_isready" -q -t 2 -h 127.0.0.1 -p "$PG_PORT" -U debugd -d postgres >/dev/null 2>&1; }

pg_vector_version() {
  sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" 2>/dev/null || true
}

pg_vector_ok() {
  local v
  v=$(pg_vector_version)
  [ -n "$v" ] && [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ] && dpkg --compare-versions "$v" ge "$PG_VECTOR_MIN"
}

postgres_install() {
  pg_need_major
  if [ "$PG_MAJOR" = 17 ]; then
    apt_ensure postgresql-17 postgresql-client-17 postgresql-17-pgvector
    return 0
  fi
  apt_ensure postgresql-15 postgresql-client-15
  pg_vector_ok && return 0
  apt_ensure build-essential postgresql-server-dev-15
  pg_build_pgvector
}

# Builds pgvector from the trixie source package through a private apt configuration (the machine's
# own apt configuration is left alone); the mirror is the one of the machine's own sources.
pg_build_pgvector() {
  local src=$STACK_HOME/apt-src build=$STACK_HOME/build/pgvector log=$STACK_LOGS/pgvector-build.log
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg mirror t0 apt_src
  [ -f "$keyring" ] || die "pgvector: $keyring is missing (package debian-archive-keyring); it is needed to verify Debian 13's source index"
  mirror=$(debian_mirror)
  t0=$(now_ms)
  say "  building pgvector from Debian 13's source package (log: $log) …"
  rm -rf "$build"
  mkdir -p "$src/lists/partial" "$src/cache/archives/partial" "$src/sources.list.d" "$build" "$STACK_LOGS"
  printf 'deb-src [signed-by=%s] %s trixie main\n' "$keyring" "$mirror" >"$src/sources.list"
  apt_src=(apt-get -o "Dir::Etc::SourceList=$src/sources.list" -o "Dir::Etc::SourceParts=$src/sources.list.d"
           -o "Dir::State::Lists=$src/lists" -o "Dir::Cache=$src/cache")
  : >"$log"
  if ! "${apt_src[@]}" update >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    if grep -qiE 'NO_PUBKEY|not signed|signatures? (couldn.t|were invalid)|EXPKEYSIG|KEYEXPIRED' "$log"; then
      die "pgvector: the Debian 13 (trixie) release file at $mirror could not be verified with $keyring (above); update debian-archive-keyring and retry"
    fi
    die "pgvector: fetching Debian 13's source index from $mirror failed (above; full log $log)"
  fi
  # OPTFLAGS= (as Debian's no-native patch does): no -march=native, so the library survives a move to another CPU.
  if ! (cd "$build" && "${apt_src[@]}" source pgvector && cd pgvector-*/ \
        && make -j"$(nproc)" USE_PGXS=1 PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS= \
        && make install USE_PGXS=1 PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS=) >>"$log" 2>&1; then
    say "pgvector build failed. Last lines of $log:"
    tail -n 30 "$log" >&2
    die "building pgvector failed (above)"
  fi
  pg_vector_ok || die "pgvector: built and installed, but $(pg_vector_version || true) is not >= $PG_VECTOR_MIN (see $log)"
  step postgres "pgvector $(pg_vector_version) built and installed in $(( $(now_ms) - t0 ))ms"
}

# If the data directory's postmaster is alive but our PID file was lost, records it again. Otherwise
# removes lock files (a crashed server's) whose PID now names a live process that is not our postmaster
# (reused, or a zombie not yet reaped): postgres would refuse to start. Dead PIDs postgres handles itself.
pg_adopt() {
  local pid f
  our_pid postgres >/dev/null && return 0
  pid=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$PG_DATA"; then
    mkdir -p "$STACK_RUN"
    echo "$pid" >"$(pid_file postgres)"
    return 0
  fi
  for f in "$PG_DATA/postmaster.pid" "$PG_SOCKETS"/.s.PGSQL.*.lock; do
    pid=$(head -n1 "$f" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ]; then rm -f "$f"; fi
  done
}

pg_write_conf() {
  cat >"$PG_DATA/stack.conf" <<CONF
# Written by bin/stack on every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKETS'
max_connections = 100
shared_buffers = 128MB
work_mem = 4MB
maintenance_work_mem = 64MB
logging_collector = off
CONF
  chown postgres:postgres "$PG_DATA/stack.conf"
}

pg_psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U debugd "$@"; }

postgres_start() {
  pg_need_major
  pg_adopt
  # A server of ours that is alive (maybe still starting or recovering) is waited for, not started twice.
  our_pid postgres >/dev/null || pg_spawn
  wait_ready postgres 60 pg_ready
  if [ -z "$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'debugd'")" ]; then
    pg_psql -d postgres -c 'CREATE DATABASE debugd' || die "PostgreSQL: creating database debugd failed (above)"
  fi
  pg_psql -d debugd -c 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS vector' \
    || die "PostgreSQL: CREATE EXTENSION vector failed (above); is pgvector installed for PostgreSQL $PG_MAJOR?"
}

pg_spawn() {
  local log=$STACK_LOGS/postgres.log
  [ -x "$PG_BIN/postgres" ] || die "PostgreSQL $PG_MAJOR is not installed ($PG_BIN/postgres missing); run bin/stack up"
  mkdir -p "$STACK_HOME/data" "$PG_SOCKETS" "$STACK_LOGS"
  chmod a+x "$STACK_HOME/data" "$STACK_RUN" # the postgres user must traverse them, whatever the umask
  chown postgres:postgres "$PG_SOCKETS"
  chmod 755 "$PG_SOCKETS"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"
    mkdir -m 700 "$PG_DATA"
    chown postgres:postgres "$PG_DATA"
    say "  initdb $PG_DATA …"
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U debugd -E UTF8 --locale=C.UTF-8 --auth=trust >>"$log" 2>&1; then
      tail -n 20 "$log" >&2
      die "initdb of $PG_DATA failed (above)"
    fi
    echo "include 'stack.conf'" >>"$PG_DATA/postgresql.conf"
  fi
  [ "$(cat "$PG_DATA/PG_VERSION")" = "$PG_MAJOR" ] \
    || die "$PG_DATA holds a PostgreSQL $(cat "$PG_DATA/PG_VERSION") cluster but this system runs PostgreSQL $PG_MAJOR; dump it and delete it (bin/stack reset --yes) to start afresh"
  pg_write_conf
  require_ports_free postgres "$PG_PORT"
  spawn postgres "${PG_AS_PG[@]}" "$PG_BIN/postgres" -D "$PG_DATA"
}

postgres_stop() {
  local pid i
  pg_adopt
  if ! pid=$(our_pid postgres); then
    step postgres "not running"
    rm -f "$(pid_file postgres)"
    return 0
  fi
  kill -INT "$pid" 2>/dev/null || true # fast shutdown: ends sessions, checkpoints, exits
  for ((i = 0; i < 600; i++)); do
    pid_gone "$pid" && break
    sleep 0.1
  done
  if ! pid_gone "$pid"; then
    say "  postgres did not stop within 60s; immediate shutdown of pid $pid"
    kill -QUIT "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do pid_gone "$pid" && break; sleep 0.1; done
  fi
  step postgres "stopped (pid $pid)"
  rm -f "$(pid_file postgres)"
}

postgres_running() {
  [ -n "$PG_MAJOR" ] && our_pid postgres >/dev/null && pg_ready
}

postgres_status() {
  local pid ver
  if ! pid=$(our_pid postgres); then
    step postgres "not running"
  elif ! pg_ready; then
    step postgres "pid $pid but not answering on 127.0.0.1:$PG_PORT (log: $STACK_LOGS/postgres.log)"
  else
    ver=$("$PG_BIN/postgres" --version 2>/dev/null | awk '{print $3}')
    step postgres "running pid $pid, 127.0.0.1:$PG_PORT (PostgreSQL ${ver:-$PG_MAJOR} + pgvector $(pg_vector_version))"
  fi
}

postgres_env() {
  printf 'export PGHOST=127.0.0.1\nexport PGPORT=%s\nexport PGUSER=debugd\nexport PGDATABASE=debugd\n' "$PG_PORT"
}
