package dev.agentplane.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** An execution as the API shows it: sync execute answers, polls and batch items all use this shape. */
public record ExecutionView(String executionId, String object, String status, String agentId, Integer agentVersion,
                            String sessionId, String batchId, String mode, List<Message> messages, Output output,
                            Usage usage, long cost, Long latencyMs, Error error, Instant createdAt,
                            Instant startedAt, Instant completedAt, String pollUrl, String eventsUrl,
                            Metadata metadata) {

    /** A message the execution produced. */
    public record Message(String id, String role, String content, Instant createdAt) {
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
