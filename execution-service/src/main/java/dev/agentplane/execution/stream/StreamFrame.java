package dev.agentplane.execution.stream;

import java.util.Set;

/** One event of an execution's stream: its sequence number (the SSE id), type and JSON body. */
public record StreamFrame(long seq, String type, String json) {
    /** After these, nothing more comes on the stream. */
    public static final Set<String> TERMINAL = Set.of("final", "error", "suspended");

    public boolean terminal() {
        return TERMINAL.contains(type);
    }

    /** Heartbeats carry no id: they are not part of the replayable stream. */
    public static StreamFrame heartbeat() {
        return new StreamFrame(-1, "heartbeat", "{\"type\":\"heartbeat\"}");
    }
}
