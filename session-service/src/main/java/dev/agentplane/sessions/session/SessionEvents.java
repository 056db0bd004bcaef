package dev.agentplane.sessions.session;

import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The session lifecycle events on {@code session.events}, keyed by session id. */
@ApplicationScoped
public class SessionEvents {
    public static final String CREATED = "session.created";
    public static final String DELETED = "session.deleted";

    @Inject
    EventPublisher publisher;

    /** Data of {@code session.created}. */
    public record Created(String sessionId, String kind, String agentId, Integer agentVersion,
                          String externalUserId) {
    }

    /** Data of {@code session.deleted}; reason is {@code deleted} or {@code expired}. */
    public record Deleted(String sessionId, String reason) {
    }

    public void created(Session s) {
        publish(s, CREATED, new Created(s.id, s.kind, s.agentId, s.agentVersion, s.externalUserId));
    }

    public void deleted(Session s, String reason) {
        publish(s, DELETED, new Deleted(s.id, reason));
    }

    public void publish(Session s, String type, Object data) {
        publisher.publish(Topics.SESSION_EVENTS, s.id, type, s.tenantId, s.workspaceId, s.id, data);
    }
}
