package dev.agentplane.execution.tools.ledger;

import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import dev.agentplane.kit.error.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every server-side tool call, in PostgreSQL, keyed by execution and call (step and call id, see
 * {@link ToolContext}). A call is recorded
 * {@code running} (committed) before it runs and {@code done} / {@code failed} with its result after, so:
 * asked again for a finished call (a run resumed on another replica), the ledger answers the recorded result
 * and the tool does not run; a call still {@code running} was interrupted by a crash and is in doubt — run
 * again only when its method is idempotent, otherwise {@link ToolInDoubtException}.
 */
@ApplicationScoped
public class ToolLedger {
    private static final Logger LOG = Logger.getLogger(ToolLedger.class);
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String IN_DOUBT = "in_doubt";
    /** Longest result kept (and replayed); tools cap their own answers below this. */
    private static final int MAX_RESULT = 2 * 1024 * 1024;
    /** What {@link #recorded} answers for a call in doubt (its transaction commits the state, then the run fails). */
    private static final ToolResult IN_DOUBT_MARK = new ToolResult("", "", true, "in doubt");
    private static final ToolResult MISMATCH_MARK = new ToolResult("", "", true, "mismatch");
    /** The same call id asked with other arguments or another tool than recorded. */
    public static final String MISMATCH = "TOOL_CALL_MISMATCH";

    @Inject
    EntityManager em;
    @Inject
    MeterRegistry meters;

    /** Runs {@code body} at most once per (execution, call id), recording it; replays a recorded result. */
    public ToolResult run(ToolContext context, ToolCall call, ToolMethod method, Supplier<ToolResult> body) {
        return run(context, call, method, body, false);
    }

    /**
     * Runs a call that was found in doubt again, because a person said so (an approval): recorded as another
     * attempt. A call that finished meanwhile is replayed, never run again.
     */
    public ToolResult rerun(ToolContext context, ToolCall call, ToolMethod method, Supplier<ToolResult> body) {
        return run(context, call, method, body, true);
    }

    private ToolResult run(ToolContext context, ToolCall call, ToolMethod method, Supplier<ToolResult> body,
                           boolean approved) {
        String arguments = call.arguments() == null ? "" : call.arguments();
        String argsHash = sha256(arguments);
        String key = key(context, call, argsHash);
        boolean first = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "insert into tool_call (execution_id, call_key, tool_call_id, step, workspace_id, agent_id, node, "
                                + "toolkit, method, arguments, args_hash, state, started_at) values "
                                + "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'running', now()) "
                                + "on conflict (execution_id, call_key) do nothing")
                .setParameter(1, context.executionId()).setParameter(2, key).setParameter(3, call.id())
                .setParameter(4, new TypedParameterValue<>(StandardBasicTypes.INTEGER, context.step())).setParameter(5, context.caller().workspaceId())
                .setParameter(6, context.agentId()).setParameter(7, context.node()).setParameter(8, method.toolkit())
                .setParameter(9, method.name()).setParameter(10, arguments).setParameter(11, argsHash)
                .executeUpdate() == 1);
        if (!first) {
            ToolResult recorded = recorded(context, key, call, method, argsHash, approved);
            if (recorded == MISMATCH_MARK) {
                throw new ApiException(422, MISMATCH, "The call '" + call.id() + "' was recorded with other arguments; "
                        + "a recorded call is replayed only for the same arguments.");
            }
            if (recorded == IN_DOUBT_MARK) {
                meters.counter("agentplane.tools.calls", "tool", method.name(), "outcome", IN_DOUBT).increment();
                throw new ToolInDoubtException(call.id(), method.name());
            }
            if (recorded != null) {
                meters.counter("agentplane.tools.calls", "tool", method.name(), "outcome", "replayed").increment();
                return recorded;
            }
        }
        long started = System.nanoTime();
        ToolResult result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            // the tool's own bug: the call failed, and the model is told so without internals
            LOG.warnf(e, "tool %s failed on call %s of execution %s", method.name(), call.id(), context.executionId());
            result = ToolResult.error(call, "The tool failed unexpectedly.");
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        finish(context, key, result, durationMs);
        meters.counter("agentplane.tools.calls", "tool", method.name(), "outcome", result.error() ? FAILED : DONE)
                .increment();
        return result;
    }

    /** The recorded result of a finished call; null when an interrupted idempotent call may run again; {@link #IN_DOUBT_MARK}. */
    private ToolResult recorded(ToolContext context, String key, ToolCall call, ToolMethod method, String argsHash,
                                boolean approved) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery("select state, result, args_hash, method from tool_call "
                            + "where execution_id = ?1 and call_key = ?2 for update")
                    .setParameter(1, context.executionId()).setParameter(2, key).getSingleResult();
            String state = (String) row[0];
            String result = (String) row[1];
            if (!argsHash.equals(row[2]) || !method.name().equals(row[3])) {
                return MISMATCH_MARK;
            }
            if (DONE.equals(state)) {
                return ToolResult.ok(call, result);
            }
            if (FAILED.equals(state)) {
                return ToolResult.error(call, result);
            }
            if (!method.idempotent() && !approved) {
                em.createNativeQuery("update tool_call set state = 'in_doubt' where execution_id = ?1 and call_key = ?2")
                        .setParameter(1, context.executionId()).setParameter(2, key).executeUpdate();
                return IN_DOUBT_MARK;
            }
            em.createNativeQuery("update tool_call set state = 'running', attempts = attempts + 1, started_at = now() "
                            + "where execution_id = ?1 and call_key = ?2")
                    .setParameter(1, context.executionId()).setParameter(2, key).executeUpdate();
            return null;
        });
    }

    /** The call within its execution: by step and id, or (no step given) by id and arguments. */
    static String key(ToolContext context, ToolCall call, String argsHash) {
        return context.step() != null ? "s" + context.step() + ":" + call.id() : call.id() + "#" + argsHash.substring(0, 16);
    }

    private void finish(ToolContext context, String key, ToolResult result, long durationMs) {
        String content = result.content() == null ? "" : result.content();
        if (content.length() > MAX_RESULT) {
            content = content.substring(0, MAX_RESULT);
        }
        String stored = content;
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update tool_call set state = ?1, result = ?2, finished_at = now(), duration_ms = ?3 "
                                + "where execution_id = ?4 and call_key = ?5")
                .setParameter(1, result.error() ? FAILED : DONE).setParameter(2, stored).setParameter(3, durationMs)
                .setParameter(4, context.executionId()).setParameter(5, key).executeUpdate());
    }

    /** The calls of one execution of the workspace, in the order they started. */
    public List<LedgerEntry> calls(String workspaceId, String executionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<LedgerEntry> entries = new ArrayList<>();
            for (Object o : em.createNativeQuery("select execution_id, tool_call_id, agent_id, node, toolkit, method, "
                            + "arguments, state, result, attempts, started_at, finished_at, duration_ms, step from tool_call "
                            + "where workspace_id = ?1 and execution_id = ?2 order by step nulls last, started_at, call_key")
                    .setParameter(1, workspaceId).setParameter(2, executionId).getResultList()) {
                Object[] c = (Object[]) o;
                entries.add(new LedgerEntry((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4],
                        (String) c[5], (String) c[6], (String) c[7], (String) c[8], ((Number) c[9]).intValue(),
                        instant(c[10]), instant(c[11]), c[12] == null ? null : ((Number) c[12]).longValue(),
                        c[13] == null ? null : ((Number) c[13]).intValue()));
            }
            return entries;
        });
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
