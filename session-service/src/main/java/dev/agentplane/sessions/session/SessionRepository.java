package dev.agentplane.sessions.session;

import dev.agentplane.kit.data.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Sessions scoped by workspace. */
@ApplicationScoped
public class SessionRepository implements WorkspaceRepository<Session, String> {

    /** The active conversation of an agent and external user, if any. */
    public java.util.Optional<Session> activeConversation(String workspaceId, String agentId, String externalUserId) {
        String user = externalUserId == null ? "externalUserId is null" : "externalUserId = ?4";
        var query = externalUserId == null
                ? find("workspaceId = ?1 and agentId = ?2 and kind = ?3 and status = 'active' and " + user,
                        workspaceId, agentId, Session.KIND_CONVERSATION)
                : find("workspaceId = ?1 and agentId = ?2 and kind = ?3 and status = 'active' and " + user,
                        workspaceId, agentId, Session.KIND_CONVERSATION, externalUserId);
        return query.firstResultOptional();
    }

    public List<Session> expiredBatch(Instant now, int max) {
        return find("expiresAt < ?1", now).page(0, max).list();
    }
}
