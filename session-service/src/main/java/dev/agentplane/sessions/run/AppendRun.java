package dev.agentplane.sessions.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.sessions.support.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** {@code POST /internal/sessions/{id}/runs}: the messages of one execution, appended once. */
public record AppendRun(@NotBlank @Size(max = 100) String executionId,
                        @NotEmpty @Size(max = Limits.MESSAGES_PER_RUN) List<@NotNull @Valid RunMessage> messages) {

    /**
     * One message of a run; content is a string, an array of parts, or null (tool calls only). {@code id}: the id
     * the execution gave it (its answer), kept so that the id an execute returned is the message's; absent, one is
     * made here.
     */
    public record RunMessage(@Pattern(regexp = "msg_[A-Za-z0-9-]{1,36}") String id,
                             @NotNull @Pattern(regexp = "user|assistant|tool|system") String role, JsonNode content,
                             JsonNode toolCalls, @Size(max = 200) String toolCallId, JsonNode usage) {
    }

    /**
     * The answer: the run's message ids, whether this call appended them, when the session now expires
     * (null: never), and the session's context revision after the append (null when Redis did not answer),
     * with which execution-service keeps its cached context of the session current.
     */
    public record Appended(String sessionId, String executionId, List<String> messageIds, boolean appended,
                           Instant expiresAt, Long revision) {
        public Appended withRevision(Long value) {
            return new Appended(sessionId, executionId, messageIds, appended, expiresAt, value);
        }
    }

    /** Data of {@code session.message.appended} (one event per appended run). */
    public record AppendedEvent(String sessionId, String executionId, String agentId, List<String> messageIds,
                                List<String> roles) {
    }
}
