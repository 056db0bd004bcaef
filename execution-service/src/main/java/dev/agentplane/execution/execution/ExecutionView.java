package dev.agentplane.execution.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * An execution as the API shows it: sync execute answers, polls and batch items all use this shape. {@code path}:
 * the workflow nodes it went through, in order; {@code steps}: its model calls, tool calls and reasoning steps;
 * {@code pendingActions}: what a suspended run waits on; {@code version}: moves with every change of status and
 * every answer (an answer may name it in If-Match: a stale one is refused).
 */
public record ExecutionView(String executionId, String object, String status, String agentId, Integer agentVersion,
                            String sessionId, String batchId, String mode, List<Message> messages, Output output,
                            Usage usage, long cost, Long latencyMs, Error error, Instant createdAt,
                            Instant startedAt, Instant completedAt, String pollUrl, String eventsUrl,
                            Metadata metadata, List<String> path, JsonNode steps,
                            List<PendingAction> pendingActions, int version) {

    /**
     * A message the execution produced: an answer, a tool call request ({@code toolCalls}) or a tool's result
     * ({@code toolCallId}, {@code name}); {@code node} names the workflow node that produced it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(String id, String role, String content, Instant createdAt, String node, JsonNode toolCalls,
                          String toolCallId, String name) {
    }

    /** The answer: text, and the parsed JSON when the agent has structured output. */
    public record Output(String text, JsonNode parsedOutput) {
    }

    /** Token counts the provider reported. */
    public record Usage(int inputTokens, int outputTokens, int totalTokens) {
        public static Usage of(int in, int out) {
            return new Usage(in, out, in + out);
        }
    }

    /** Why an execution failed or was cancelled. */
    public record Error(String code, String message) {
    }

    /** The runtime metadata block of the sessions runtime API. */
    public record Metadata(String correlationId, int eventCount, String executionId, Usage usage) {
    }
}
