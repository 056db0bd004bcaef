package dev.agentplane.execution.recovery;

import dev.agentplane.execution.engine.Checkpoints;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.run.ExecutionRunner;
import dev.agentplane.execution.stream.ExecutionStreams;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes over or fails the executions no replica will finish, so that a poll never shows one active for good.
 * An in_progress execution whose replica has been silent for {@code abandon-after} (it crashed, or lost its
 * database) is resumed here from its checkpoint ({@link Checkpoints}); without one it is failed, as is an async one still pending after {@code pending-timeout} (its work item was lost,
 * or could not be started). Each gets the failed status, {@code execution.failed} and a failed
 * {@code agent.executed} (from which billing frees its hold: nothing is charged), the last event of
 * its stream, and its session back. Every replica sweeps; the row lock in {@link ExecutionStore#fail}
 * lets exactly one of them end each execution.
 */
@ApplicationScoped
public class AbandonedExecutions {
    static final String ABANDONED = "EXECUTION_ABANDONED";
    static final String NOT_STARTED = "EXECUTION_NOT_STARTED";
    static final String UNRECORDED = "EXECUTION_END_NOT_RECORDED";
    private static final Logger LOG = Logger.getLogger(AbandonedExecutions.class);
    private static final int BATCH = 100;
    /** Rows from before executions named their replica: only runs no replica can still be running. */
    private static final Duration UNOWNED_AFTER = Duration.ofHours(1);
    /** Replicas silent this long are forgotten (their executions count as abandoned either way). */
    private static final Duration FORGET_RUNNER_AFTER = Duration.ofDays(1);

    private static final String SILENT = "select e.id, e.workspace_id, e.session_id, e.runner from execution e "
            + "where e.status = 'in_progress' and e.started_at < now() - ?1 * interval '1 millisecond' "
            + "and case when e.runner is null then e.started_at < now() - ?2 * interval '1 millisecond' "
            + "else not exists (select 1 from execution_runner r where r.id = e.runner "
            + "and r.heartbeat_at >= now() - ?1 * interval '1 millisecond') end "
            + "limit " + BATCH;
    /** This replica's own in_progress runs: those no thread of it runs any more could not record their end. */
    private static final String MINE = "select e.id, e.workspace_id, e.session_id, e.runner from execution e "
            + "where e.status = 'in_progress' and e.runner = ?2 and e.started_at < now() - ?1 * interval '1 millisecond' "
            + "limit " + BATCH;
    private static final String WAITING = "select e.id, e.workspace_id, e.session_id, e.runner from execution e "
            + "where e.status = 'pending' and e.created_at < now() - ?1 * interval '1 millisecond' "
            + "limit " + BATCH;
    private static final String FORGET = "delete from execution_runner "
            + "where heartbeat_at < now() - ?1 * interval '1 millisecond'";

    @Inject
    EntityManager em;
    @Inject
    ExecutionStore store;
    @Inject
    ExecutionStreams streams;
    @Inject
    SessionLocks locks;
    @Inject
    Checkpoints checkpoints;
    @Inject
    Replica replica;
    @Inject
    ExecutionRunner runner;

    @ConfigProperty(name = "agentplane.executions.abandon-after", defaultValue = "60s")
    Duration abandonAfter;
    @ConfigProperty(name = "agentplane.executions.pending-timeout", defaultValue = "10m")
    Duration pendingTimeout;

    /** This replica's in_progress runs that no thread of it ran at the last sweep. */
    private final java.util.Set<String> suspects = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record Orphan(String id, String workspaceId, String sessionId, String runner) {
    }

    @Scheduled(every = "${agentplane.executions.sweep-interval:15s}", delayed = "${agentplane.executions.sweep-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("could not sweep abandoned executions: %s", e.getMessage());
        }
    }

    /** Ends what no replica will finish; returns how many executions it failed. */
    public int sweep() {
        int failed = 0;
        for (Orphan o : find(SILENT, abandonAfter.toMillis(), UNOWNED_AFTER.toMillis())) {
            if (resumed(o)) {
                continue;
            }
            failed += end(o, ABANDONED, "The replica running this execution stopped before it ended; "
                    + "nothing was charged. Run it again.");
        }
        List<Orphan> mine = find(MINE, abandonAfter.toMillis(), replica.id());
        suspects.retainAll(mine.stream().map(Orphan::id).toList());
        for (Orphan o : mine) {
            // a run whose thread gave up on recording its end (the database away for longer than its retries):
            // its replica is alive, so only the replica itself can tell that nothing runs it any more. Found so in
            // two sweeps in a row, not one: an answered run is in_progress here a moment before its thread starts
            if (runner.runsHere(o.id())) {
                suspects.remove(o.id());
                continue;
            }
            if (suspects.add(o.id()) || resumed(o)) {
                continue;
            }
            suspects.remove(o.id());
            failed += end(o, UNRECORDED, "The end of this execution could not be recorded (the database was "
                    + "unavailable); nothing was charged. Run it again.");
        }
        for (Orphan o : find(WAITING, pendingTimeout.toMillis(), null)) {
            failed += end(o, NOT_STARTED, "The execution waited longer than " + pendingTimeout.toSeconds()
                    + " s for a worker and was not run; nothing was charged. Run it again.");
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(FORGET)
                .setParameter(1, FORGET_RUNNER_AFTER.toMillis()).executeUpdate());
        return failed;
    }

    /** The rows {@code sql} finds; {@code second} is its ?2 (unowned-after millis, or this replica), if it has one. */
    private List<Orphan> find(String sql, long millis, Object second) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql).setParameter(1, millis);
            if (second != null) {
                query.setParameter(2, second);
            }
            List<Orphan> orphans = new ArrayList<>();
            for (Object row : query.getResultList()) {
                Object[] columns = (Object[]) row;
                orphans.add(new Orphan((String) columns[0], (String) columns[1], (String) columns[2], (String) columns[3]));
            }
            return orphans;
        });
    }

    /**
     * Takes over a checkpointed run whose replica stopped and goes on with it here, on a worker thread: the row
     * names this replica first (one sweep of all the replicas wins), so no other takes it too.
     */
    private boolean resumed(Orphan o) {
        try {
            Optional<Checkpoints.Resumable> checkpoint = checkpoints.load(o.id());
            if (checkpoint.isEmpty()) {
                return false;
            }
            int claimed = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(CLAIM)
                    .setParameter(1, replica.id()).setParameter(2, o.id()).setParameter(3, o.runner()).executeUpdate());
            if (claimed == 1) {
                LOG.warnf("execution %s: its replica %s stopped; resuming it here from its checkpoint", o.id(), o.runner());
                ExecutionPlan plan = checkpoint.get().plan().toPlan();
                runner.resumeLater(plan, checkpoint.get().state());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("could not resume execution %s, failing it: %s", o.id(), e.getMessage());
            return false;
        }
    }

    private static final String CLAIM = "update execution set runner = ?1 where id = ?2 and status = 'in_progress' "
            + "and runner is not distinct from cast(?3 as text)";

    private int end(Orphan o, String code, String message) {
        try {
            return endOrThrow(o, code, message);
        } catch (RuntimeException e) {
            // the next sweep tries again
            LOG.warnf("could not end abandoned execution %s: %s", o.id(), e.getMessage());
            return 0;
        }
    }

    private int endOrThrow(Orphan o, String code, String message) {
        long seq = streams.storedCount(o.id()) + 1;
        if (store.fail(o.id(), code, message, (int) seq).isEmpty()) {
            // it ended meanwhile, or another replica's sweep got there first
            return 0;
        }
        streams.endStored(o.id(), seq, "error", ExecutionStreams.errorData("failed", code, message));
        if (o.sessionId() != null) {
            locks.release(o.workspaceId(), o.sessionId(), o.id());
        }
        LOG.warnf("execution %s failed as %s", o.id(), code);
        return 1;
    }
}
