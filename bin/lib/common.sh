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
# the Redis the platform uses; another port than 6379 gets a Redis of its own (started by ensure_redis with bin/up's
# persistence settings, its data in $RUN_DIR/redis): bench/chaos restarts it without touching the machine's
REDIS_PORT="${AGENTPLANE_REDIS_PORT:-6379}"
# the platform's database; bin/test runs the end-to-end suite on a fresh one of its own
PLATFORM_DB="${AGENTPLANE_DB:-agentplane}"

# THE list of the platform's processes: name=port (the same map as README.md and docs/architecture.md).
# Adding a service is one entry here: start, stop, status, replicas, rolling restart and the gateway's
# upstream servers (UPSTREAM_<NAME> in gateway/nginx.conf) all follow from it.
SERVICE_PORTS=(
  agent-registry=8181
  session-service=8182
  execution-service=8183
  attachment-service=8184
  billing-service=8185
  knowledge-service=8186
  console=8187
  llm-simulator=8190
)
SERVICES=()
declare -A PORTS=()
for _entry in "${SERVICE_PORTS[@]}"; do SERVICES+=("${_entry%%=*}"); PORTS[${_entry%%=*}]=${_entry#*=}; done
unset _entry

# Replicas: replica 1 of a service is the service's own name and port; replica N (2..9) is NAME-N on
# port + 100*(N-1) (execution-service-2 on 8283). The counts bin/up started with are kept in
# $RUN_DIR/replicas so that bin/down, bin/status and bin/restart see the same instances.
REPLICAS_FILE="$RUN_DIR/replicas"
declare -A REPLICAS=()

# load_replicas [SPEC]: SPEC is AGENTPLANE_REPLICAS' form, "execution-service=2,billing-service=2" ("*=2": all)
load_replicas() {
  local spec=${1-} item name count n items
  for name in "${SERVICES[@]}"; do REPLICAS[$name]=1; done
  IFS=',' read -ra items <<<"$spec"
  for item in "${items[@]}"; do
    [[ -z "${item// }" ]] && continue
    name=${item%%=*} count=${item#*=}
    [[ "$count" =~ ^[1-9]$ ]] || die "AGENTPLANE_REPLICAS: '$item' needs a count from 1 to 9"
    if [[ "$name" == "*" ]]; then
      for n in "${SERVICES[@]}"; do [[ $n == llm-simulator ]] || REPLICAS[$n]=$count; done
    else
      [[ -n "${PORTS[$name]-}" ]] || die "AGENTPLANE_REPLICAS: unknown service '$name' (one of: ${SERVICES[*]})"
      REPLICAS[$name]=$count
    fi
  done
}
load_replicas "${AGENTPLANE_REPLICAS:-}"
# the counts of the running platform (bin/down, bin/status, bin/restart)
load_started_replicas() { load_replicas "$(cat "$REPLICAS_FILE" 2>/dev/null || true)"; }

save_replicas() {
  local name spec=""
  for name in "${SERVICES[@]}"; do (( REPLICAS[$name] > 1 )) && spec+="${spec:+,}$name=${REPLICAS[$name]}"; done
  echo "$spec" >"$REPLICAS_FILE"
}

# instances NAME: the instance names of a service's replicas (NAME, NAME-2, ...)
instances() {
  local i; echo "$1"
  for (( i = 2; i <= ${REPLICAS[$1]:-1}; i++ )); do echo "$1-$i"; done
}
all_instances() { local name; for name in "${SERVICES[@]}"; do instances "$name"; done; }
# service_of INSTANCE / replica_of INSTANCE / instance_port INSTANCE
service_of() { if [[ $1 =~ ^(.*)-([2-9])$ && -n "${PORTS[${BASH_REMATCH[1]}]-}" ]]; then echo "${BASH_REMATCH[1]}"; else echo "$1"; fi; }
replica_of() { if [[ $1 =~ -([2-9])$ && -n "${PORTS[$(service_of "$1")]-}" && $(service_of "$1") != "$1" ]]; then echo "${BASH_REMATCH[1]}"; else echo 1; fi; }
instance_port() { echo $(( ${PORTS[$(service_of "$1")]} + 100 * ($(replica_of "$1") - 1) )); }

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

# How long a stop waits before KILL: beyond a service's drain (quarkus.shutdown.delay + timeout, 1 s + 15 s locally)
STOP_GRACE=${AGENTPLANE_STOP_GRACE:-25}

# stop_process NAME [SECONDS]: TERM, wait up to SECONDS (20), then KILL; removes the pid file
stop_process() {
  local name=$1 grace=${2:-20} pid; pid=$(pid_of "$name")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait_until "$grace" "$name to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
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
