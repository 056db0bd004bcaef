package dev.agentplane.sessions.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.sessions.support.Json;

import java.time.Instant;

/** A session or conversation as the API shows it. */
public record SessionView(String id, String kind, String title, String status, String agentId, Integer agentVersion,
                          JsonNode agentConfig, String externalUserId, JsonNode metadata, JsonNode variables,
                          int messageCount, Long ttlSeconds, Instant expiresAt, Instant createdAt,
                          Instant updatedAt) {

    public static SessionView of(Session s, Json json) {
        return new SessionView(s.id, s.kind, s.title, s.status, s.agentId, s.agentVersion, json.read(s.agentConfig),
                s.externalUserId, json.read(s.metadata), json.read(s.variables), s.messageCount, s.ttlSeconds,
                s.expiresAt, s.createdAt, s.updatedAt);
    }

    /** The short answer of {@code GET /v1/sessions/{id}/status}. */
    public record Status(String id, String status, String title, Instant createdAt, Instant updatedAt) {
        public static Status of(Session s) {
            return new Status(s.id, s.status, s.title, s.createdAt, s.updatedAt);
        }
    }
}
