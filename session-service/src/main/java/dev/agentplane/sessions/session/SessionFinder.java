package dev.agentplane.sessions.session;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.time.Instant;

/**
 * Finds a session the current caller may see: in its workspace, not expired, and (for execution
 * keys limited to some agents) bound to one of those agents. Anything else is 404 SESSION_NOT_FOUND.
 */
@ApplicationScoped
public class SessionFinder {
    public static final String SESSION_NOT_FOUND = "SESSION_NOT_FOUND";

    @Inject
    SessionRepository sessions;
    @Inject
    CurrentCaller currentCaller;

    public Session require(String id) {
        // a primary-key load (Hibernate's cheapest read; every run's context and append come through here),
        // then the workspace check: another workspace's session is not found
        String workspaceId = currentCaller.workspaceId();
        return check(sessions.findByIdOptional(id).filter(s -> workspaceId.equals(s.workspaceId)).orElse(null), id);
    }

    /** Like {@link #require} but locks the row for the rest of the transaction. */
    public Session requireForUpdate(String id) {
        Session s = sessions.find("id = ?1 and workspaceId = ?2", id, currentCaller.workspaceId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        return check(s, id);
    }

    private Session check(Session s, String id) {
        Caller caller = currentCaller.get();
        if (s == null || s.expired(Instant.now()) || !visibleTo(s, caller)) {
            throw notFound(id);
        }
        return s;
    }

    static boolean visibleTo(Session s, Caller caller) {
        return caller.allowedAgents().isEmpty() || (s.agentId != null && caller.mayUseAgent(s.agentId));
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound(SESSION_NOT_FOUND, "No session '" + id + "' exists in this workspace.");
    }
}
