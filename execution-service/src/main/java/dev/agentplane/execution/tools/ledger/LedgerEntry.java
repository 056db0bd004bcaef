package dev.agentplane.execution.tools.ledger;

import java.time.Instant;

/** One recorded tool call, as {@code GET /v1/executions/{id}/tool-calls} and the steps list show it. */
public record LedgerEntry(String executionId, String toolCallId, String agentId, String node, String toolkit,
                          String method, String arguments, String state, String result, int attempts,
                          Instant startedAt, Instant finishedAt, Long durationMs, Integer step) {
}
