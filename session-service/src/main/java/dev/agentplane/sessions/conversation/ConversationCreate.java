package dev.agentplane.sessions.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /v1/conversations}: the agent and (optionally) the external user it talks to. An empty
 * {@code external_user_id} is refused: the one-active-conversation index reads a missing user as '', so the two
 * collided and the create failed with a 500.
 */
public record ConversationCreate(@NotBlank @Size(max = 200) String agentId,
                                 @Size(min = 1, max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*") String externalUserId,
                                 @Size(max = 200) String title, JsonNode metadata, JsonNode variables) {
}
