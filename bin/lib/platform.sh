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

start_service() {
  local name=$1 port=${PORTS[$1]} jar; jar=$(service_jar "$1")
  if running "$name"; then
    return 0
  fi
  [[ -f "$jar" ]] || die "$jar is missing: run bin/up without --no-build"
  port_open "$port" && die "port $port (for $name) is taken by another process; stop it or run bin/down"
  (
    cd "$RUN_DIR"
    # shellcheck disable=SC2030
    export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" AGENTPLANE_RUN_DIR="$RUN_DIR" \
      MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEY_DIR/public.pem" SMALLRYE_JWT_SIGN_KEY_LOCATION="$KEY_DIR/private.pem" \
      KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PLATFORM_DB" \
      QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT" \
      MALLOC_ARENA_MAX=2  # glibc's per-thread malloc arenas (64 MiB each) otherwise inflate the RSS
    # TrimNativeHeapInterval: hand back to the OS every 5 s what malloc keeps freed (the JIT's arenas).
    # -UseCodeCacheFlushing: JDK 17's sweeper throws away compiled methods it finds cold, and C2 compiles them
    # again later: under steady load that kept C2 busy for 6-10 CPU ms per execution in each busy service
    # (docs/benchmarks.md, "JIT churn"); the cache holds what these services compile (45 of 96 MiB)
    # shellcheck disable=SC2046
    nohup java $(heap_for "$name") -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=96m -XX:-UseCodeCacheFlushing \
      -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError \
      ${AGENTPLANE_JAVA_OPTS:-} -jar "$jar" >"$LOG_DIR/$name.log" 2>&1 &
    echo $! >"$PID_DIR/$name.pid"
  )
}

service_ready() { http_ok "http://127.0.0.1:${PORTS[$1]}/q/health/ready"; }

# ready, or exited (the caller then reports the log instead of waiting out the timeout)
ready_or_dead() { service_ready "$1" || ! running "$1"; }

start_services() {
  local name
  for name in "${SERVICES[@]}"; do
    start_service "$name"
  done
  log "waiting for the services to be ready"
  for name in "${SERVICES[@]}"; do
    if ! wait_until 180 "$name" ready_or_dead "$name" || ! service_ready "$name"; then
      if ! running "$name"; then
        tail -30 "$LOG_DIR/$name.log" >&2
        die "$name exited during start-up; see $LOG_DIR/$name.log"
      fi
      curl -s "http://127.0.0.1:${PORTS[$name]}/q/health/ready" >&2 || true
      die "$name did not become ready in 180 s; see $LOG_DIR/$name.log"
    fi
  done
}

gateway_conf() { echo "$RUN_DIR/nginx/nginx.conf"; }
nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

start_gateway() {
  if running gateway && http_ok "http://$GATEWAY_HOST:$GATEWAY_PORT/health"; then
    return 0
  fi
  port_open "$GATEWAY_PORT" && die "port $GATEWAY_PORT is taken by another process; set AGENTPLANE_GATEWAY_PORT or stop it"
  mkdir -p "$RUN_DIR/nginx"
  RUN_DIR="$RUN_DIR" LOG_DIR="$LOG_DIR" GATEWAY_HOST="$GATEWAY_HOST" GATEWAY_PORT="$GATEWAY_PORT" \
    ADDR_AGENT_REGISTRY=127.0.0.1:${PORTS[agent-registry]} ADDR_SESSION_SERVICE=127.0.0.1:${PORTS[session-service]} \
    ADDR_EXECUTION_SERVICE=127.0.0.1:${PORTS[execution-service]} ADDR_ATTACHMENT_SERVICE=127.0.0.1:${PORTS[attachment-service]} \
    ADDR_BILLING_SERVICE=127.0.0.1:${PORTS[billing-service]} ADDR_KNOWLEDGE_SERVICE=127.0.0.1:${PORTS[knowledge-service]} \
    envsubst '${RUN_DIR} ${LOG_DIR} ${GATEWAY_HOST} ${GATEWAY_PORT} ${ADDR_AGENT_REGISTRY} ${ADDR_SESSION_SERVICE} ${ADDR_EXECUTION_SERVICE} ${ADDR_ATTACHMENT_SERVICE} ${ADDR_BILLING_SERVICE} ${ADDR_KNOWLEDGE_SERVICE}' \
    <"$AGENTPLANE_ROOT/gateway/nginx.conf" >"$(gateway_conf)"
  "$(nginx_bin)" -t -q -c "$(gateway_conf)" -p "$RUN_DIR/nginx" 2>>"$LOG_DIR/gateway-error.log" \
    || die "the gateway config is invalid; see $LOG_DIR/gateway-error.log"
  log "starting the gateway on http://$GATEWAY_HOST:$GATEWAY_PORT"
  "$(nginx_bin)" -c "$(gateway_conf)" -p "$RUN_DIR/nginx" -g 'daemon on;' 2>>"$LOG_DIR/gateway-error.log"
  wait_until 10 gateway test -s "$RUN_DIR/nginx/nginx.pid" || die "the gateway did not start"
  cp "$RUN_DIR/nginx/nginx.pid" "$PID_DIR/gateway.pid"
  wait_until 10 gateway http_ok "http://$GATEWAY_HOST:$GATEWAY_PORT/health" || die "the gateway does not answer"
}

platform_running() {
  local name
  running gateway || return 1
  for name in "${SERVICES[@]}"; do running "$name" || return 1; done
}

stop_platform() {
  local name
  if running gateway; then
    "$(nginx_bin)" -c "$(gateway_conf)" -p "$RUN_DIR/nginx" -s quit 2>/dev/null || true
  fi
  stop_process gateway
  # wait for these stops only: a bare `wait` would also wait for a Kafka broker this shell started
  local stops=()
  for name in "${SERVICES[@]}"; do stop_process "$name" & stops+=($!); done
  wait "${stops[@]}"
}

print_summary() {
  local url="http://$GATEWAY_HOST:$GATEWAY_PORT"
  cat <<SUMMARY

Agentplane is up.
  API gateway      $url/v1/...
  health           $url/health/{agent-registry|session-service|execution-service|attachment-service|billing-service|knowledge-service}/ready
  OpenAPI          http://127.0.0.1:{8181..8185}/q/openapi   (one per service)
  LLM simulator    http://127.0.0.1:${PORTS[llm-simulator]}/v1   (OpenAI-compatible; the default model provider)
  Kafka            127.0.0.1:$KAFKA_PORT     PostgreSQL  $PG_HOST:$PG_PORT/$PLATFORM_DB     Redis  127.0.0.1:$REDIS_PORT
  logs             $LOG_DIR/

First credential:
SUMMARY
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
