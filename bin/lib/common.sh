# Shared by the bin/ commands: paths, ports and small helpers. Sourced, not run.
set -euo pipefail

AGENTPLANE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${AGENTPLANE_RUN_DIR:-$AGENTPLANE_ROOT/.run}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
mkdir -p "$LOG_DIR" "$PID_DIR"

GATEWAY_HOST="${AGENTPLANE_GATEWAY_HOST:-127.0.0.1}"
GATEWAY_PORT="${AGENTPLANE_GATEWAY_PORT:-8080}"
KAFKA_PORT="${AGENTPLANE_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${AGENTPLANE_KAFKA_CONTROLLER_PORT:-9093}"
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379
# the platform's database; bin/test runs the end-to-end suite on a fresh one of its own
PLATFORM_DB="${AGENTPLANE_DB:-agentplane}"

# service name -> port (the same map as README.md and docs/architecture.md)
SERVICES=(agent-registry session-service execution-service attachment-service billing-service knowledge-service llm-simulator)
declare -A PORTS=(
  [agent-registry]=8181 [session-service]=8182 [execution-service]=8183
  [attachment-service]=8184 [billing-service]=8185 [knowledge-service]=8186 [llm-simulator]=8190
)

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_of() { local f="$PID_DIR/$1.pid"; [[ -f "$f" ]] && cat "$f" || true; }

running() { local pid; pid=$(pid_of "$1"); [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

# wait_until SECONDS DESCRIPTION COMMAND... : polls COMMAND every half second
wait_until() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.5
  done
}

http_ok() { curl -fs -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# stop_process NAME: TERM, wait up to 20 s, then KILL; removes the pid file
stop_process() {
  local name=$1 pid; pid=$(pid_of "$name")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait_until 20 "$name to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_DIR/$name.pid"
}

# The environment for tests: the services the machine runs, so Quarkus Dev Services stay off.
export_test_env() {
  export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/agentplane_test"
  export QUARKUS_DATASOURCE_USERNAME=postgres
  export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT/1"
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
}
