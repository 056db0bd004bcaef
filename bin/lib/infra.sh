# PostgreSQL, Redis and nginx: start them when installed, install them from Debian packages when
# absent and we are root, otherwise say what to install. Sourced after common.sh.

have() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  [[ $(id -u) -eq 0 ]] && have apt-get || die "Please install: $* (Debian/Ubuntu: sudo apt-get install -y $*)"
  log "installing $* from Debian packages"
  if [[ ! -f "$RUN_DIR/.apt-updated" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >"$LOG_DIR/apt.log" 2>&1 && touch "$RUN_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$LOG_DIR/apt.log" 2>&1 \
    || die "apt-get install $* failed; see $LOG_DIR/apt.log"
}

ensure_postgres() {
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
    if ! have pg_ctlcluster; then
      apt_install postgresql
    fi
    log "starting PostgreSQL"
    local version; version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || pg_ctlcluster "$version" main start \
      || die "PostgreSQL is installed but would not start; start it and run again"
    wait_until 30 postgres pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "PostgreSQL did not become ready"
  fi
  if ! psql -h "$PG_HOST" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    die "PostgreSQL at $PG_HOST:$PG_PORT refuses user postgres without a password: allow trust auth for 127.0.0.1 or set QUARKUS_DATASOURCE_PASSWORD"
  fi
  if [[ $(psql -h "$PG_HOST" -U postgres -d postgres -tAc 'show autovacuum') == off ]]; then
    warn "PostgreSQL runs with autovacuum off: the outbox and execution tables keep their dead rows until a VACUUM" \
      "(for a platform that runs for long: ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf();)"
  fi
}

ensure_database() {
  local db=$1
  if [[ -z $(psql -h "$PG_HOST" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$db'") ]]; then
    psql -h "$PG_HOST" -U postgres -d postgres -qc "create database $db" >/dev/null
  fi
}

recreate_database() {
  psql -h "$PG_HOST" -U postgres -d postgres -qc "drop database if exists $1 with (force)" >/dev/null
  psql -h "$PG_HOST" -U postgres -d postgres -qc "create database $1" >/dev/null
}

# Redis holds idempotency keys, execution event streams and run checkpoints: the Redis started here appends every
# write to .run/redis/ (fsync each second) and never evicts. A Redis already running is used as it is; bin/up warns
# when it would lose those (the services warn too, kit.redis.RedisDurability), without reconfiguring it.
start_redis() {
  log "starting Redis on port $REDIS_PORT (AOF persistence in $RUN_DIR/redis)"
  mkdir -p "$RUN_DIR/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --dir "$RUN_DIR/redis" --pidfile "$RUN_DIR/redis/redis.pid" --logfile "$LOG_DIR/redis.log" >/dev/null
  wait_until 20 redis bash -c "redis-cli -p $REDIS_PORT ping >/dev/null 2>&1" || die "Redis did not start"
}
ensure_redis() {
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    have redis-server || apt_install redis-server
    start_redis
  fi
  local aof policy
  aof=$(redis-cli -p "$REDIS_PORT" config get appendonly 2>/dev/null | sed -n 2p)
  policy=$(redis-cli -p "$REDIS_PORT" config get maxmemory-policy 2>/dev/null | sed -n 2p)
  if [[ -n "$aof" && "$aof" != yes ]] || [[ -n "$policy" && "$policy" != noeviction ]]; then
    warn "the Redis on port $REDIS_PORT runs with appendonly $aof, maxmemory-policy $policy: a restart loses idempotency" \
      "keys and event streams. Set appendonly yes, appendfsync everysec, maxmemory-policy noeviction in its redis.conf."
  fi
}

ensure_nginx() {
  have nginx || [[ -x /usr/sbin/nginx ]] || apt_install nginx-light
}

ensure_tools() {
  have java || die "Please install a Java 17 JDK (Debian: apt-get install -y openjdk-17-jdk-headless)"
  have mvn || apt_install maven
  have curl || apt_install curl
  have openssl || apt_install openssl
  have psql || apt_install postgresql-client
  have envsubst || apt_install gettext-base
  # the k8s module's tests render the overlays with kubectl kustomize (kustomize v5: Debian 12's kubernetes-client,
  # kubectl 1.20, is too old for components; a kubectl of 1.27 or later is needed)
  have kubectl || warn "kubectl is not installed: the k8s module's tests (manifest validation) will fail; install kubectl 1.27 or later"
}

# The console's browser tests (e2e-tests, ConsoleE2ETest) drive Debian's headless Chromium through its chromedriver
# (Selenium downloads nothing). Installed as root like the rest; otherwise the tests are skipped and say why.
ensure_browser() {
  CHROMIUM_BIN=$(command -v chromium || true) CHROMEDRIVER_BIN=$(command -v chromedriver || true)
  if [[ -z "$CHROMIUM_BIN" || -z "$CHROMEDRIVER_BIN" ]]; then
    if [[ $(id -u) -eq 0 ]] && have apt-get; then
      apt_install chromium chromium-driver
      CHROMIUM_BIN=$(command -v chromium) CHROMEDRIVER_BIN=$(command -v chromedriver)
    else
      warn "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver): the console's browser tests will be skipped"
      CHROMIUM_BIN=/usr/bin/chromium CHROMEDRIVER_BIN=/usr/bin/chromedriver
    fi
  fi
}

ensure_infra() {
  ensure_tools
  ensure_postgres
  ensure_database "$PLATFORM_DB"
  ensure_database agentplane_test
  ensure_redis
}
