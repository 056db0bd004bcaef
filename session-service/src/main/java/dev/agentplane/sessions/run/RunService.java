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
import dev.agentplane.sessions.support.Rows;
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
    private static final int MESSAGE_COLUMNS = 7;

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
        List<String> ids = new ArrayList<>();
        for (AppendRun.RunMessage m : run.messages()) {
            ids.add(m.id() != null ? m.id() : Ids.message());
        }
        Inserted inserted = insertRun(sessionId, run, ids);
        if (!inserted.appended()) {
            return new AppendRun.Appended(sessionId, run.executionId(), existing(sessionId, run.executionId()), false,
                    session.expiresAt, null);
        }
        events.publish(session, MESSAGE_APPENDED, new AppendRun.AppendedEvent(sessionId, run.executionId(),
                session.agentId, ids, run.messages().stream().map(AppendRun.RunMessage::role).toList()));
        return new AppendRun.Appended(sessionId, run.executionId(), ids, true, inserted.expiresAt(), null);
    }

    private record Inserted(boolean appended, Instant expiresAt) {
    }

    /**
     * The run, its messages and the session's count and expiry in one statement (one round trip); not
     * appended, with nothing written, when the run was appended before. ?1 session, ?2 execution, ?3 time,
     * then 7 per message.
     */
    private Inserted insertRun(String sessionId, AppendRun run, List<String> ids) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            int p = 4 + i * MESSAGE_COLUMNS;
            values.append(i == 0 ? "" : ", ").append("(?").append(p).append(", cast(?").append(p + 1)
                    .append(" as integer), ?").append(p + 2).append(", cast(?").append(p + 3).append(" as jsonb), cast(?")
                    .append(p + 4).append(" as jsonb), ?").append(p + 5).append(", cast(?").append(p + 6)
                    .append(" as jsonb))");
        }
        String messages = ids.isEmpty() ? "" : ", messages as (insert into message (id, session_id, execution_id, "
                + "position, role, content, tool_calls, tool_call_id, usage, created_at) select v.id, ?1, ?2, v.position, "
                + "v.role, v.content, v.tool_calls, v.tool_call_id, v.usage, ?3 from run, (values " + values
                + ") v (id, position, role, content, tool_calls, tool_call_id, usage) order by v.position)";
        var insert = em.createNativeQuery("with run as (insert into session_run (session_id, execution_id) "
                        + "values (?1, ?2) on conflict do nothing returning session_id)" + messages
                        + ", counted as (update session set message_count = message_count + " + ids.size()
                        + ", updated_at = now(), expires_at = now() + ttl_seconds * interval '1 second' "
                        + "where id = ?1 and exists (select 1 from run) returning expires_at) "
                        + "select (select count(*) from run), (select expires_at from counted)")
                .setParameter(1, sessionId).setParameter(2, run.executionId()).setParameter(3, Timestamp.from(Instant.now()));
        for (int i = 0; i < ids.size(); i++) {
            AppendRun.RunMessage m = run.messages().get(i);
            int p = 4 + i * MESSAGE_COLUMNS;
            insert.setParameter(p, ids.get(i)).setParameter(p + 1, i).setParameter(p + 2, m.role())
                    .setParameter(p + 3, jsonOrNull(m.content())).setParameter(p + 4, json.write(nullIfJsonNull(m.toolCalls())))
                    .setParameter(p + 5, m.toolCallId()).setParameter(p + 6, json.write(nullIfJsonNull(m.usage())));
        }
        Object[] row = (Object[]) insert.getSingleResult();
        return new Inserted(((Number) row[0]).longValue() > 0, Rows.instant(row[1]));
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
