package dev.agentplane.sessions.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/conversations}: the agent and (optionally) the external user it talks to. */
public record ConversationCreate(@NotBlank @Size(max = 200) String agentId, @Size(max = 200) String externalUserId,
                                 @Size(max = 200) String title, JsonNode metadata, JsonNode variables) {
}
