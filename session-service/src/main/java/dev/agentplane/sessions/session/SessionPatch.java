package dev.agentplane.sessions.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.sessions.support.Limits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /v1/sessions/{id}}: title and ttl replace; metadata replaces; variables merge into the
 * session's variables (a member set to null removes that variable).
 */
public record SessionPatch(@Size(max = 200) String title, JsonNode metadata, JsonNode variables,
                           @Min(Limits.MIN_TTL_SECONDS) @Max(Limits.MAX_TTL_SECONDS) Long ttlSeconds) {
}
