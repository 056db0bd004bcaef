# A real single-node Kafka broker (KRaft) started from Maven jars. Sourced after common.sh.

KAFKA_HOME="$RUN_DIR/kafka"

kafka_classpath() {
  local cp="$KAFKA_HOME/classpath.txt"
  if [[ ! -s "$cp" || "$AGENTPLANE_ROOT/infra/kafka/pom.xml" -nt "$cp" ]]; then
    log "resolving the Kafka broker from Maven" >&2  # stdout is the classpath
    mvn -q -B -f "$AGENTPLANE_ROOT/infra/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp" \
      >"$LOG_DIR/kafka-classpath.log" 2>&1 || die "could not resolve Kafka; see $LOG_DIR/kafka-classpath.log"
  fi
  cat "$cp"
}

ensure_kafka() {
  if running kafka && port_open "$KAFKA_PORT"; then
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    log "a Kafka broker already listens on $KAFKA_PORT; using it"
    return 0
  fi
  mkdir -p "$KAFKA_HOME/data"
  local cp; cp=$(kafka_classpath)
  KAFKA_DATA_DIR="$KAFKA_HOME/data" KAFKA_PORT="$KAFKA_PORT" KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" \
    envsubst '${KAFKA_DATA_DIR} ${KAFKA_PORT} ${KAFKA_CONTROLLER_PORT}' \
    <"$AGENTPLANE_ROOT/infra/kafka/server.properties" >"$KAFKA_HOME/server.properties"
  if [[ ! -f "$KAFKA_HOME/data/meta.properties" ]]; then
    local cluster; cluster=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>"$LOG_DIR/kafka-format.log" | tail -1) || true
    [[ -n "$cluster" ]] || die "could not make a Kafka cluster id; see $LOG_DIR/kafka-format.log"
    java -cp "$cp" kafka.tools.StorageTool format -c "$KAFKA_HOME/server.properties" -t "$cluster" \
      >"$LOG_DIR/kafka-format.log" 2>&1 || die "could not format Kafka storage; see $LOG_DIR/kafka-format.log"
  fi
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -cp "$cp" kafka.Kafka "$KAFKA_HOME/server.properties" \
    >"$LOG_DIR/kafka.log" 2>&1 &
  echo $! >"$PID_DIR/kafka.pid"
  wait_until 60 kafka port_open "$KAFKA_PORT" || die "Kafka did not open $KAFKA_PORT; see $LOG_DIR/kafka.log"
}
