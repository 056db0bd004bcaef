package dev.agentplane.sessions.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.sessions.message.MessageView;
import dev.agentplane.sessions.session.SessionView;

import java.time.Instant;

/** The 000/001 family's shapes: the canonical fields renamed, times in epoch seconds. */
final class AmasViews {
    private AmasViews() {
    }

    static Long epoch(Instant t) {
        return t == null ? null : t.getEpochSecond();
    }

    record Session(String id, String object, String title, String status, String agentId, Integer agentVersion,
                   JsonNode config, JsonNode variables, JsonNode metadata, int messageCount, Long createdAt,
                   Long updatedAt, Long expiresAt) {
        static Session of(SessionView s) {
            return new Session(s.id(), "agent.session", s.title(), s.status(), s.agentId(), s.agentVersion(),
                    s.agentConfig(), s.variables(), s.metadata(), s.messageCount(), epoch(s.createdAt()),
                    epoch(s.updatedAt()), epoch(s.expiresAt()));
        }
    }

    record Message(String id, String role, JsonNode content, String executionId, Long createdAt) {
        static Message of(MessageView m) {
            return new Message(m.id(), m.role(), m.content(), m.executionId(), epoch(m.createdAt()));
        }
    }

    record Status(String id, String status, Long createdAt, Long updatedAt, String title) {
        static Status of(SessionView.Status s) {
            return new Status(s.id(), s.status(), epoch(s.createdAt()), epoch(s.updatedAt()), s.title());
        }
    }
}
