# Build, start, stop and report the platform's own processes. Sourced after common.sh, infra.sh, kafka.sh.

KEY_DIR="$RUN_DIR/keys"

ensure_keys() {
  mkdir -p "$KEY_DIR"
  chmod 700 "$KEY_DIR"
  if [[ ! -s "$KEY_DIR/private.pem" ]]; then
    log "generating the JWT signing key pair in $KEY_DIR"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY_DIR/private.pem" 2>/dev/null
    openssl pkey -in "$KEY_DIR/private.pem" -pubout -out "$KEY_DIR/public.pem" 2>/dev/null
    chmod 600 "$KEY_DIR/private.pem"
  fi
  # the master key that wraps workspaces' provider credential keys (execution-service): made once, kept with the JWT keys
  if [[ ! -s "$KEY_DIR/credentials-master.key" ]]; then
    (umask 077 && openssl rand -base64 32 >"$KEY_DIR/credentials-master.key")
  fi
  AGENTPLANE_CREDENTIALS_MASTER_KEY="${AGENTPLANE_CREDENTIALS_MASTER_KEY:-$(cat "$KEY_DIR/credentials-master.key")}"
  export AGENTPLANE_CREDENTIALS_MASTER_KEY
  # the key attachment-service signs download URLs with: one for every replica, or a URL signed by one is refused by
  # the other (made once, like the keys above)
  if [[ ! -s "$KEY_DIR/attachments-signing.key" ]]; then
    (umask 077 && openssl rand -base64 32 >"$KEY_DIR/attachments-signing.key")
  fi
  AGENTPLANE_ATTACHMENTS_SIGNING_KEY="${AGENTPLANE_ATTACHMENTS_SIGNING_KEY:-$(cat "$KEY_DIR/attachments-signing.key")}"
  export AGENTPLANE_ATTACHMENTS_SIGNING_KEY
  # the key every service MACs its API-key cache entries in Redis with (kit ApiKeyCache): Redis never sees it, so
  # whoever can write to Redis still cannot plant an entry that lets a key in
  if [[ ! -s "$KEY_DIR/api-key-cache-mac.key" ]]; then
    (umask 077 && openssl rand -base64 32 >"$KEY_DIR/api-key-cache-mac.key")
  fi
  AGENTPLANE_API_KEY_CACHE_MAC_KEY="${AGENTPLANE_API_KEY_CACHE_MAC_KEY:-$(cat "$KEY_DIR/api-key-cache-mac.key")}"
  export AGENTPLANE_API_KEY_CACHE_MAC_KEY
}

build_platform() {
  log "building the services (mvn package, tests skipped; bin/test runs them)"
  (cd "$AGENTPLANE_ROOT" && mvn -B -q package -DskipTests) >"$LOG_DIR/build.log" 2>&1 \
    || { tail -40 "$LOG_DIR/build.log" >&2; die "build failed; see $LOG_DIR/build.log"; }
}

service_jar() { echo "$AGENTPLANE_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# The whole heap is committed from the start (-Xms = -Xmx): live data is 25-55 MiB of old generation
# per service, and an old generation sized to it (a small -Xms lets SerialGC shrink it to the live set
# + MaxHeapFreeRatio) meant a full collection every 2-3 minutes under load, 0.2-2 s each on two busy
# cores (docs/benchmarks.md). Without -Xms the JVM would start at 1/64 of the memory it sees: above
# -Xmx on a 24 GiB machine, 8 MiB in a 512 MiB container; k8s/ and the image set it the same way.
heap_for() {
  case "$1" in
    execution-service) echo "-Xms192m -Xmx192m" ;;
    # ingestion holds a document's chunks and vectors, search a base's vectors (1.5 KiB a chunk, see its README)
    knowledge-service) echo "-Xms256m -Xmx256m" ;;
    *) echo "-Xms128m -Xmx128m" ;;
  esac
}

# the address other services call a service at: its replica 1, or, with several replicas, the gateway's
# internal listener for it (port + 10000, loopback only) that balances over them like a Kubernetes Service
internal_port() { echo $(( ${PORTS[$1]} + 10000 )); }
service_url() {
  if (( ${REPLICAS[$1]} > 1 )); then echo "http://127.0.0.1:$(internal_port "$1")"; else echo "http://127.0.0.1:${PORTS[$1]}"; fi
}
rest_client_env() {
  local name var
  for name in "${SERVICES[@]}"; do
    [[ $name == llm-simulator || $name == console ]] && continue
    var=${name^^}; var=${var//-/_}
    echo "QUARKUS_REST_CLIENT_${var}_URL=$(service_url "$name")"
  done
}

# start_service INSTANCE (a service name, or NAME-N for its replica N)
start_service() {
  local inst=$1 name port jar; name=$(service_of "$1"); port=$(instance_port "$1"); jar=$(service_jar "$name")
  if running "$inst"; then
    return 0
  fi
  [[ -f "$jar" ]] || die "$jar is missing: run bin/up without --no-build"
  port_open "$port" && die "port $port (for $inst) is taken by another process; stop it or run bin/down"
  (
    cd "$RUN_DIR"
    # shellcheck disable=SC2030
    export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" AGENTPLANE_RUN_DIR="$RUN_DIR" \
      MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEY_DIR/public.pem" SMALLRYE_JWT_SIGN_KEY_LOCATION="$KEY_DIR/private.pem" \
      KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PLATFORM_DB" \
      QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT" \
      HOSTNAME="$inst" \
      QUARKUS_SHUTDOWN_DELAY="${AGENTPLANE_SHUTDOWN_DELAY:-1s}" \
      AGENTPLANE_CONSOLE_API_URL="http://$GATEWAY_HOST:$GATEWAY_PORT" \
      MALLOC_ARENA_MAX=2  # glibc's per-thread malloc arenas (64 MiB each) otherwise inflate the RSS
    # HOSTNAME names the instance in agentplane.instance-id (logs, run ownership); the shutdown delay is short here
    # because bin/restart takes an instance out of the gateway before it signals it (Kubernetes: 5 s, see k8s/)
    # shellcheck disable=SC2046
    export $(rest_client_env)
    # TrimNativeHeapInterval: hand back to the OS every 5 s what malloc keeps freed (the JIT's arenas).
    # -UseCodeCacheFlushing: JDK 17's sweeper throws away compiled methods it finds cold, and C2 compiles them
    # again later: under steady load that kept C2 busy for 6-10 CPU ms per execution in each busy service
    # (docs/benchmarks.md, "JIT churn"); the cache holds what these services compile (45 of 96 MiB)
    # shellcheck disable=SC2046
    nohup java $(heap_for "$name") -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=96m -XX:-UseCodeCacheFlushing \
      -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError \
      ${AGENTPLANE_JAVA_OPTS:-} -jar "$jar" >>"$LOG_DIR/$inst.log" 2>&1 &
    echo $! >"$PID_DIR/$inst.pid"
  )
}

service_ready() { http_ok "http://127.0.0.1:$(instance_port "$1")/q/health/ready"; }

# ready, or exited (the caller then reports the log instead of waiting out the timeout)
ready_or_dead() { service_ready "$1" || ! running "$1"; }

# wait_ready INSTANCE: dies with the log's tail when it exits or is not ready in AGENTPLANE_START_TIMEOUT (180 s)
wait_ready() {
  local inst=$1 timeout=${AGENTPLANE_START_TIMEOUT:-180}
  if ! wait_until "$timeout" "$inst" ready_or_dead "$inst" || ! service_ready "$inst"; then
    if ! running "$inst"; then
      tail -30 "$LOG_DIR/$inst.log" >&2
      die "$inst exited during start-up; see $LOG_DIR/$inst.log"
    fi
    curl -s "http://127.0.0.1:$(instance_port "$inst")/q/health/ready" >&2 || true
    die "$inst did not become ready in $timeout s (AGENTPLANE_START_TIMEOUT); see $LOG_DIR/$inst.log"
  fi
}

# what bin/restart needs to start an instance the way bin/up or bin/test did (private: it may hold the operator key)
save_platform_env() {
  (umask 077; { printf 'PLATFORM_DB=%q\n' "$PLATFORM_DB"
    env | grep -E '^AGENTPLANE_[A-Z0-9_]+=' | grep -v -E '^AGENTPLANE_(REPLICAS|RUN_DIR)=' | while IFS= read -r kv; do
      printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"; done; } >"$RUN_DIR/platform.env")
}

start_services() {
  local inst
  save_replicas
  save_platform_env
  for inst in $(all_instances); do
    start_service "$inst"
  done
  log "waiting for the services to be ready"
  for inst in $(all_instances); do
    wait_ready "$inst"
  done
}

gateway_conf() { echo "$RUN_DIR/nginx/nginx.conf"; }
nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

# render_gateway_conf [INSTANCE...]: gateway/nginx.conf with every replica as an upstream server (the
# instances named are marked down: bin/restart takes a replica out of rotation before stopping it, as
# Kubernetes removes a terminating pod from its Service), plus the internal listeners (service_url)
render_gateway_conf() {
  local name inst var servers vars='${RUN_DIR} ${LOG_DIR} ${GATEWAY_HOST} ${GATEWAY_PORT}' down=" $* "
  mkdir -p "$RUN_DIR/nginx"
  : >"$RUN_DIR/nginx/internal.conf"
  for name in "${SERVICES[@]}"; do
    [[ $name == llm-simulator ]] && continue
    var=${name^^}; var=UPSTREAM_${var//-/_}
    servers=""
    for inst in $(instances "$name"); do
      servers+="server 127.0.0.1:$(instance_port "$inst")"
      [[ "$down" == *" $inst "* ]] && servers+=" down"
      servers+="; "
    done
    export "$var=$servers"
    vars+=" \${$var}"
    if (( ${REPLICAS[$name]} > 1 )); then
      cat >>"$RUN_DIR/nginx/internal.conf" <<CONF
server {
  listen 127.0.0.1:$(internal_port "$name");
  client_max_body_size 0;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$host;
  proxy_buffering off;
  proxy_request_buffering off;
  proxy_read_timeout 3600s;
  location / { proxy_pass http://${name//-/_}; }
}
CONF
    fi
  done
  RUN_DIR="$RUN_DIR" LOG_DIR="$LOG_DIR" GATEWAY_HOST="$GATEWAY_HOST" GATEWAY_PORT="$GATEWAY_PORT" \
    envsubst "$vars" <"$AGENTPLANE_ROOT/gateway/nginx.conf" >"$(gateway_conf).new"
  "$(nginx_bin)" -t -q -c "$(gateway_conf).new" -p "$RUN_DIR/nginx" 2>>"$LOG_DIR/gateway-error.log" \
    || die "the gateway config is invalid; see $LOG_DIR/gateway-error.log"
  mv "$(gateway_conf).new" "$(gateway_conf)"
}

# reload_gateway [INSTANCE...]: a new configuration (those instances down); nginx's old workers finish
# the requests they hold, the new ones no longer send to the instances marked down
reload_gateway() {
  render_gateway_conf "$@"
  "$(nginx_bin)" -c "$(gateway_conf)" -p "$RUN_DIR/nginx" -s reload 2>>"$LOG_DIR/gateway-error.log" \
    || die "the gateway did not reload; see $LOG_DIR/gateway-error.log"
}

start_gateway() {
  if running gateway && http_ok "http://$GATEWAY_HOST:$GATEWAY_PORT/health"; then
    return 0
  fi
  port_open "$GATEWAY_PORT" && die "port $GATEWAY_PORT is taken by another process; set AGENTPLANE_GATEWAY_PORT or stop it"
  render_gateway_conf
  log "starting the gateway on http://$GATEWAY_HOST:$GATEWAY_PORT"
  "$(nginx_bin)" -c "$(gateway_conf)" -p "$RUN_DIR/nginx" -g 'daemon on;' 2>>"$LOG_DIR/gateway-error.log"
  wait_until 10 gateway test -s "$RUN_DIR/nginx/nginx.pid" || die "the gateway did not start"
  cp "$RUN_DIR/nginx/nginx.pid" "$PID_DIR/gateway.pid"
  wait_until 10 gateway http_ok "http://$GATEWAY_HOST:$GATEWAY_PORT/health" || die "the gateway does not answer"
}

# restart_instance INSTANCE: out of rotation, drained (SIGTERM: readiness DOWN, in-flight requests
# finish within quarkus.shutdown.delay + timeout), started, ready, back in rotation
restart_instance() {
  local inst=$1 began=$SECONDS stopped
  # out of rotation first, as Kubernetes takes a terminating pod out of its Service; a crash (--kill) is not announced:
  # the gateway finds the replica gone (a refused connection moves a request to the next replica)
  if [[ -z "${RESTART_KILL:-}" ]] && (( ${REPLICAS[$(service_of "$inst")]} > 1 )) && running gateway; then
    reload_gateway "$inst"
  fi
  if [[ -n "${RESTART_KILL:-}" ]]; then
    log "killing $inst (kill -9)"
    local pid; pid=$(pid_of "$inst")
    [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
    wait_until 10 "$inst to die" bash -c "! kill -0 ${pid:-0} 2>/dev/null" || true
    rm -f "$PID_DIR/$inst.pid"
  else
    log "stopping $inst"
    stop_process "$inst" "$STOP_GRACE"
  fi
  stopped=$SECONDS
  log "starting $inst (stopped in $((stopped - began)) s)"
  start_service "$inst"
  wait_ready "$inst"
  running gateway && reload_gateway
  log "$inst is ready and back in rotation (started in $((SECONDS - stopped)) s)"
}

platform_running() {
  local inst
  running gateway || return 1
  for inst in $(all_instances); do running "$inst" || return 1; done
}

# every instance with a pid file, whatever the replica counts are now
started_instances() { local f; for f in "$PID_DIR"/*.pid; do [[ -e $f ]] && basename "$f" .pid; done | grep -v -x -e gateway -e kafka || true; }

stop_platform() {
  local name
  if running gateway; then
    "$(nginx_bin)" -c "$(gateway_conf)" -p "$RUN_DIR/nginx" -s quit 2>/dev/null || true
  fi
  stop_process gateway
  # wait for these stops only: a bare `wait` would also wait for a Kafka broker this shell started
  local stops=()
  for name in $(started_instances); do stop_process "$name" "$STOP_GRACE" & stops+=($!); done
  (( ${#stops[@]} )) && wait "${stops[@]}"
  return 0
}

print_summary() {
  local url="http://$GATEWAY_HOST:$GATEWAY_PORT"
  cat <<SUMMARY

Agentplane is up.
  API gateway      $url/v1/...
  health           $url/health/{agent-registry|session-service|execution-service|attachment-service|billing-service|knowledge-service}/ready
  console          $url/console/   (sign in with a workspace key)
  OpenAPI          http://127.0.0.1:{8181..8186}/q/openapi   (one per service)
  LLM simulator    http://127.0.0.1:${PORTS[llm-simulator]}/v1   (OpenAI-compatible; the default model provider)
  Kafka            127.0.0.1:$KAFKA_PORT     PostgreSQL  $PG_HOST:$PG_PORT/$PLATFORM_DB     Redis  127.0.0.1:$REDIS_PORT
  logs             $LOG_DIR/

First credential:
SUMMARY
  if [[ -s "$DEMO_ENV" ]]; then
    # shellcheck disable=SC1090
    source "$DEMO_ENV"
    cat <<SUMMARY
  a demo workspace with starter credits and a sample agent; its key is in $DEMO_ENV:
    curl -s -X POST $url/v1/agents/demo-assistant/execute -H "X-API-Key: $DEMO_KEY" -H 'Content-Type: application/json' -d '{"message":"Hello!"}'
  the console: $url/console/  (sign in with that key)
SUMMARY
  fi
  if [[ -s "$RUN_DIR/admin-key" ]]; then
    cat <<SUMMARY
  the operator key is in $RUN_DIR/admin-key. Create a tenant, a workspace and its first API key:
    ADMIN=\$(cat $RUN_DIR/admin-key)
    curl -s -X POST $url/v1/admin/tenants -H "X-API-Key: \$ADMIN" -H 'Content-Type: application/json' -d '{"name":"acme"}'
  then see billing-service/README.md for workspaces, keys and credits.
SUMMARY
  else
    cat <<SUMMARY
  a development JWT for a new workspace:  TOKEN=\$(bin/dev-token)
    curl -s $url/v1/agents -H "Authorization: Bearer \$TOKEN"
SUMMARY
  fi
  echo
  echo "Stop it with bin/down; see what runs with bin/status."
}

# The first five minutes: on the first start (no $RUN_DIR/demo.env yet) a demo tenant and workspace with starter
# credits, a sample agent and a workspace key, kept in $RUN_DIR/demo.env (mode 600) across restarts; print_summary
# shows a curl that works as printed and the console's address. Needs the operator key billing wrote to
# $RUN_DIR/admin-key; without it (an operator key given by AGENTPLANE_ADMIN_KEY) nothing is made.
DEMO_ENV="$RUN_DIR/demo.env"
ensure_demo_workspace() {
  [[ -s "$DEMO_ENV" || ! -s "$RUN_DIR/admin-key" ]] && return 0
  local url="http://$GATEWAY_HOST:$GATEWAY_PORT" admin tenant ws key
  admin=$(cat "$RUN_DIR/admin-key")
  demo_post() { curl -fsS --max-time 20 -X POST "$url$1" -H "X-API-Key: $2" -H 'Content-Type: application/json' -d "$3"; }
  json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" | head -1; }
  tenant=$(demo_post /v1/admin/tenants "$admin" '{"name":"demo"}' | json_field id) || true
  [[ -n "$tenant" ]] || { warn "could not create the demo tenant (see $LOG_DIR/billing-service.log)"; return 0; }
  ws=$(demo_post "/v1/admin/tenants/$tenant/workspaces" "$admin" '{"name":"demo","tier":"team"}' | json_field id) || true
  key=$(demo_post "/v1/admin/workspaces/$ws/api-keys" "$admin" '{"name":"demo","type":"workspace"}' | json_field secret) || true
  [[ -n "$ws" && -n "$key" ]] || { warn "could not create the demo workspace and its key"; return 0; }
  # starter credits: 10 credits in micro-credits, thousands of simulator runs
  demo_post "/v1/admin/workspaces/$ws/credits" "$admin" '{"amount":10000000,"note":"demo starter credits"}' >/dev/null \
    || warn "could not grant the demo workspace its starter credits"
  demo_post /v1/agents "$key" '{"id":"demo-assistant","name":"Demo assistant","description":"A sample agent on the bundled simulator","system_prompt":"You are a concise, friendly assistant.","llm_config":{"provider":"openai","model":"sim-1","max_tokens":200}}' >/dev/null \
    || warn "could not create the demo agent"
  (umask 077; printf 'DEMO_TENANT=%q\nDEMO_WORKSPACE=%q\nDEMO_KEY=%q\n' "$tenant" "$ws" "$key" >"$DEMO_ENV")
  log "created the demo workspace $ws (key in $DEMO_ENV)"
}
