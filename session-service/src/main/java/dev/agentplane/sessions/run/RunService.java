package dev.agentplane.sessions.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.sessions.session.Session;
import dev.agentplane.sessions.session.SessionEvents;
import dev.agentplane.sessions.session.SessionFinder;
import dev.agentplane.sessions.support.Ids;
import dev.agentplane.sessions.support.Json;
import dev.agentplane.sessions.support.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends a run's messages exactly once per (session, execution id). The run row's primary key is
 * the guard: a concurrent retry blocks on it until the first transaction ends, then finds the run
 * and answers with the messages stored by the first call.
 */
@ApplicationScoped
public class RunService {
    public static final String MESSAGE_APPENDED = "session.message.appended";

    @Inject
    EntityManager em;
    @Inject
    SessionFinder finder;
    @Inject
    SessionEvents events;
    @Inject
    Json json;

    @Transactional
    public AppendRun.Appended append(String sessionId, AppendRun run) {
        checkContent(run);
        Session session = finder.require(sessionId);
        int inserted = em.createNativeQuery("insert into session_run (session_id, execution_id) values (?1, ?2) "
                        + "on conflict do nothing")
                .setParameter(1, sessionId).setParameter(2, run.executionId()).executeUpdate();
        if (inserted == 0) {
            return new AppendRun.Appended(sessionId, run.executionId(), existing(sessionId, run.executionId()), false);
        }
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < run.messages().size(); i++) {
            AppendRun.RunMessage m = run.messages().get(i);
            String id = Ids.message();
            em.createNativeQuery("insert into message (id, session_id, execution_id, position, role, content, "
                            + "tool_calls, tool_call_id, usage, created_at) values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb), "
                            + "cast(?7 as jsonb), ?8, cast(?9 as jsonb), ?10)")
                    .setParameter(1, id).setParameter(2, sessionId).setParameter(3, run.executionId())
                    .setParameter(4, i).setParameter(5, m.role()).setParameter(6, jsonOrNull(m.content()))
                    .setParameter(7, json.write(nullIfJsonNull(m.toolCalls())))
                    .setParameter(8, m.toolCallId()).setParameter(9, json.write(nullIfJsonNull(m.usage())))
                    .setParameter(10, Timestamp.from(now))
                    .executeUpdate();
            ids.add(id);
        }
        em.createNativeQuery("update session set message_count = message_count + ?1, updated_at = now(), "
                        + "expires_at = now() + ttl_seconds * interval '1 second' where id = ?2")
                .setParameter(1, ids.size()).setParameter(2, sessionId).executeUpdate();
        events.publish(session, MESSAGE_APPENDED, new AppendRun.AppendedEvent(sessionId, run.executionId(),
                session.agentId, ids, run.messages().stream().map(AppendRun.RunMessage::role).toList()));
        return new AppendRun.Appended(sessionId, run.executionId(), ids, true);
    }

    @SuppressWarnings("unchecked")
    private List<String> existing(String sessionId, String executionId) {
        return em.createNativeQuery("select id from message where session_id = ?1 and execution_id = ?2 "
                        + "order by position")
                .setParameter(1, sessionId).setParameter(2, executionId).getResultList();
    }

    private void checkContent(AppendRun run) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < run.messages().size(); i++) {
            JsonNode content = run.messages().get(i).content();
            String field = "messages[" + i + "].content";
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                errors.add(new FieldError(field, "must be a string or an array of content parts"));
            } else if (json.bytes(content) > Limits.MESSAGE_CONTENT_BYTES) {
                errors.add(new FieldError(field, "at most " + Limits.MESSAGE_CONTENT_BYTES + " bytes"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The run has invalid messages.", errors);
        }
    }

    private String jsonOrNull(JsonNode content) {
        return content == null ? "null" : json.write(content);
    }

    private static JsonNode nullIfJsonNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
