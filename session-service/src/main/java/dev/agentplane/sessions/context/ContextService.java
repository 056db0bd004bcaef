package dev.agentplane.sessions.context;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.session.Session;
import dev.agentplane.sessions.session.SessionFinder;
import dev.agentplane.sessions.support.Json;
import dev.agentplane.sessions.support.Limits;
import dev.agentplane.sessions.support.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds a run's context. Both queries are bounded by indexes, so their cost does not grow with the
 * length of the session: the last N runs come from session_run (session_id, seq desc), their
 * messages from the unique (session_id, execution_id, position) index.
 */
@ApplicationScoped
public class ContextService {
    /** The history query (also EXPLAINed by the tests): ?1 session id, ?2 number of runs. */
    public static final String HISTORY_SQL = "select m.id, m.role, cast(m.content as text), cast(m.tool_calls as text), "
            + "m.tool_call_id, m.execution_id, m.created_at from message m where m.session_id = ?1 "
            + "and m.execution_id in (select r.execution_id from session_run r where r.session_id = ?1 "
            + "order by r.seq desc limit ?2) and m.role <> 'system' order by m.seq";
    static final String MEMORY_SQL = "select id, fact, created_at from memory where workspace_id = ?1 "
            + "and external_user_id = ?2 and (agent_id is null or agent_id = ?3) order by created_at desc, id limit ?4";

    @Inject
    EntityManager em;
    @Inject
    SessionFinder finder;
    @Inject
    CurrentCaller currentCaller;
    @Inject
    Json json;

    @Transactional
    public SessionContext context(String sessionId, int historyRuns, boolean includeMemories, String externalUserId,
                                  String agentId) {
        if (historyRuns < 0 || historyRuns > Limits.MAX_HISTORY_RUNS) {
            throw ApiException.invalid("history_runs", "history_runs must be between 0 and " + Limits.MAX_HISTORY_RUNS);
        }
        Session s = finder.require(sessionId);
        String user = externalUserId != null && !externalUserId.isBlank() ? externalUserId : s.externalUserId;
        String agent = agentId != null && !agentId.isBlank() ? agentId : s.agentId;
        List<SessionContext.HistoryMessage> history = historyRuns == 0 ? List.of() : history(sessionId, historyRuns);
        List<SessionContext.Memory> memories = includeMemories && user != null ? memories(user, agent) : List.of();
        return new SessionContext(s.id, s.agentId, s.agentVersion, json.read(s.agentConfig), s.status, user,
                json.read(s.variables), history, memories, s.expiresAt);
    }

    @SuppressWarnings("unchecked")
    private List<SessionContext.HistoryMessage> history(String sessionId, int runs) {
        List<Object[]> rows = em.createNativeQuery(HISTORY_SQL).setParameter(1, sessionId).setParameter(2, runs)
                .getResultList();
        return rows.stream().map(r -> new SessionContext.HistoryMessage((String) r[0], (String) r[1],
                json.read((String) r[2]), json.read((String) r[3]), (String) r[4], (String) r[5],
                Rows.instant(r[6]))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<SessionContext.Memory> memories(String user, String agent) {
        List<Object[]> rows = em.createNativeQuery(MEMORY_SQL).setParameter(1, currentCaller.workspaceId())
                .setParameter(2, user).setParameter(3, agent == null ? "" : agent)
                .setParameter(4, Limits.MEMORIES_IN_CONTEXT).getResultList();
        List<SessionContext.Memory> out = new ArrayList<>(rows.stream()
                .map(r -> new SessionContext.Memory((String) r[0], (String) r[1], Rows.instant(r[2]))).toList());
        Collections.reverse(out);
        return out;
    }
}
