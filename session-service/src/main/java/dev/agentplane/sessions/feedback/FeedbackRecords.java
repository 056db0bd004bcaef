package dev.agentplane.sessions.feedback;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Request, response and event records of message feedback. */
public final class FeedbackRecords {
    private FeedbackRecords() {
    }

    /** {@code {"value": 1}} (thumbs up) or {@code {"value": -1}} (thumbs down). */
    public record Give(@NotNull @Pattern(regexp = "-?1", message = "must be 1 or -1") String value) {
        public int asInt() {
            return Integer.parseInt(value);
        }
    }

    /** The feedback now stored; {@code changed} is false when the same value was given again. */
    public record Recorded(String sessionId, String messageId, int value, Integer previousValue, boolean changed) {
    }

    /** Data of {@code feedback.recorded}. */
    public record FeedbackEvent(String sessionId, String messageId, String executionId, String agentId, int value,
                                Integer previousValue) {
    }
}
