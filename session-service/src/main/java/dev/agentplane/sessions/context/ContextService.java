package dev.agentplane.sessions.context;

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

    @Inject
    EntityManager em;
    @Inject
    SessionFinder finder;
    @Inject
    Json json;

    @Transactional
    public SessionContext context(String sessionId, int historyRuns, String externalUserId) {
        if (historyRuns < 0 || historyRuns > Limits.MAX_HISTORY_RUNS) {
            throw ApiException.invalid("history_runs", "history_runs must be between 0 and " + Limits.MAX_HISTORY_RUNS);
        }
        Session s = finder.require(sessionId);
        String user = externalUserId != null && !externalUserId.isBlank() ? externalUserId : s.externalUserId;
        List<SessionContext.HistoryMessage> history = historyRuns == 0 ? List.of() : history(sessionId, historyRuns);
        return new SessionContext(s.id, s.agentId, s.agentVersion, json.read(s.agentConfig), s.status, user,
                json.read(s.variables), history, s.expiresAt);
    }

    @SuppressWarnings("unchecked")
    private List<SessionContext.HistoryMessage> history(String sessionId, int runs) {
        List<Object[]> rows = em.createNativeQuery(HISTORY_SQL).setParameter(1, sessionId).setParameter(2, runs)
                .getResultList();
        return rows.stream().map(r -> new SessionContext.HistoryMessage((String) r[0], (String) r[1],
                json.read((String) r[2]), json.read((String) r[3]), (String) r[4], (String) r[5],
                Rows.instant(r[6]))).toList();
    }
}
