package dev.agentplane.execution.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code pending_action} rows of suspended runs: written when a run suspends, answered once each. */
@ApplicationScoped
public class PendingActions {
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;

    /** What an answered action was answered with (a repeated or late answer is told this). */
    public record Answered(String toolCallId, String kind, String tool, String outcome, String result, String key) {
    }

    /** An action no one answered in time, to be answered by its {@code on_expiry} default. */
    public record Expired(String executionId, String workspaceId, String toolCallId, String kind, String onExpiry) {
    }

    /**
     * The actions of a run's new suspension. The answers of its earlier ones are in its checkpoint by now and go:
     * providers reuse tool call ids from one turn to the next (the simulator says call_0 every turn).
     */
    void insert(String executionId, String workspaceId, List<PendingAction> actions) {
        em.createNativeQuery("delete from pending_action where execution_id = ?1 and answered_at is not null")
                .setParameter(1, executionId).executeUpdate();
        for (PendingAction a : actions) {
            em.createNativeQuery("insert into pending_action (id, execution_id, workspace_id, kind, tool_call_id, tool, "
                            + "arguments, created_at, expires_at, on_expiry, callback_token_hash) "
                            + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                            + "on conflict (execution_id, tool_call_id) do nothing")
                    .setParameter(1, a.id()).setParameter(2, executionId).setParameter(3, workspaceId)
                    .setParameter(4, a.kind()).setParameter(5, a.toolCallId()).setParameter(6, a.tool())
                    .setParameter(7, a.arguments() == null ? null : a.arguments().toString())
                    .setParameter(8, Timestamp.from(a.createdAt())).setParameter(9, Timestamp.from(a.expiresAt()))
                    .setParameter(10, a.onExpiry())
                    .setParameter(11, a.callbackToken() == null ? null : tokenHash(a.callbackToken())).executeUpdate();
        }
    }

    /**
     * Records an answer of an action of this kind; false when it was answered before, is of another kind or does not
     * exist. {@code key}: the answer's Idempotency-Key (null: none). In the caller's transaction.
     */
    public boolean answer(String executionId, String toolCallId, String kind, String outcome, String result, String key) {
        return em.createNativeQuery("update pending_action set outcome = ?1, result = ?2, answered_at = now(), "
                        + "answer_key = ?3 where execution_id = ?4 and tool_call_id = ?5 and kind = ?6 and answered_at is null")
                .setParameter(1, outcome).setParameter(2, result).setParameter(3, key).setParameter(4, executionId)
                .setParameter(5, toolCallId).setParameter(6, kind).executeUpdate() == 1;
    }

    /** The kind of the execution's action for this call, if it has one. */
    public Optional<String> kind(String executionId, String toolCallId) {
        @SuppressWarnings("unchecked")
        List<String> kinds = em.createNativeQuery("select kind from pending_action where execution_id = ?1 "
                + "and tool_call_id = ?2").setParameter(1, executionId).setParameter(2, toolCallId).getResultList();
        return kinds.stream().findFirst();
    }

    /** Closes the open actions of a run that ended without them. In the caller's transaction. */
    public void close(String executionId) {
        em.createNativeQuery("update pending_action set outcome = 'closed', answered_at = now() "
                + "where execution_id = ?1 and answered_at is null").setParameter(1, executionId).executeUpdate();
    }

    /** The recorded answer of an action, if it was answered. */
    public Optional<Answered> answered(String executionId, String toolCallId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select tool_call_id, kind, tool, outcome, result, answer_key "
                        + "from pending_action where execution_id = ?1 and tool_call_id = ?2 and answered_at is not null")
                .setParameter(1, executionId).setParameter(2, toolCallId).getResultList();
        return rows.stream().findFirst().map(PendingActions::answered);
    }

    /** Whether the execution has such an action at all. */
    public boolean exists(String executionId, String toolCallId) {
        return ((Number) em.createNativeQuery("select count(*) from pending_action where execution_id = ?1 "
                + "and tool_call_id = ?2").setParameter(1, executionId).setParameter(2, toolCallId)
                .getSingleResult()).intValue() == 1;
    }

    /** The tool call ids still unanswered. */
    @SuppressWarnings("unchecked")
    public List<String> open(String executionId) {
        return em.createNativeQuery("select tool_call_id from pending_action where execution_id = ?1 "
                + "and answered_at is null order by created_at, tool_call_id").setParameter(1, executionId).getResultList();
    }

    /** Every answer of the execution's actions, by tool call id. */
    public List<Answered> answers(String executionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select tool_call_id, kind, tool, outcome, result, answer_key "
                + "from pending_action where execution_id = ?1 and answered_at is not null")
                .setParameter(1, executionId).getResultList();
        List<Answered> answers = new ArrayList<>();
        rows.forEach(r -> answers.add(answered(r)));
        return answers;
    }

    private static Answered answered(Object[] r) {
        return new Answered((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5]);
    }

    /** The open external-event action of a run that this callback token was made for, if any. */
    public Optional<Open> byCallbackToken(String executionId, String token) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select workspace_id, tool_call_id, tool from pending_action "
                        + "where execution_id = ?1 and callback_token_hash = ?2")
                .setParameter(1, executionId).setParameter(2, tokenHash(token)).getResultList();
        return rows.stream().findFirst().map(r -> new Open((String) r[0], (String) r[1], (String) r[2]));
    }

    /** The open external-event action of a run waiting for the event {@code name}, if any. */
    public Optional<Open> awaitingEvent(String executionId, String name) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select workspace_id, tool_call_id, tool from pending_action "
                        + "where execution_id = ?1 and kind = ?2 and tool = ?3")
                .setParameter(1, executionId).setParameter(2, PendingAction.EXTERNAL_EVENT).setParameter(3, name)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Open((String) r[0], (String) r[1], (String) r[2]));
    }

    /** An action found by its event or callback token: its workspace, call id and (event) name. */
    public record Open(String workspaceId, String toolCallId, String tool) {
    }

    static String tokenHash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unanswered actions past their expiry. */
    @Transactional
    public List<Expired> expired(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select execution_id, workspace_id, tool_call_id, kind, on_expiry "
                        + "from pending_action where answered_at is null and expires_at < ?1 order by expires_at limit ?2")
                .setParameter(1, Timestamp.from(Instant.now())).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Expired((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4])).toList();
    }
}
