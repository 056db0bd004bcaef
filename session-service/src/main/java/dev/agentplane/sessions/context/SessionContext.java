package dev.agentplane.sessions.context;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * Everything the execution service needs to start a run in a session, in one answer; expiresAt (null:
 * never) lets it keep using a cached copy only while the session lives.
 */
public record SessionContext(String sessionId, String agentId, Integer agentVersion, JsonNode agentConfig,
                             String status, String externalUserId, JsonNode variables, List<HistoryMessage> history,
                             Instant expiresAt) {

    /** A replayed message (never a system message). */
    public record HistoryMessage(String id, String role, JsonNode content, JsonNode toolCalls, String toolCallId,
                                 String executionId, Instant createdAt) {
    }
}
