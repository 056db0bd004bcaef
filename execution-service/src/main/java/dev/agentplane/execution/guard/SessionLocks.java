package dev.agentplane.execution.guard;

import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.session.ContextRevision;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One execution per session at a time, across replicas: a Redis lock owned by the execution id,
 * with a TTL so that a crashed replica never blocks a session for good. Locks are per workspace: a
 * session id of another workspace is never busy (and never names its running execution) to this one.
 * Taking a lock the execution already holds succeeds (an async run takes it again when it starts).
 * The same script reads the session's context revision ({@link ContextRevision}), so that a run learns
 * whether its cached context is current without another round trip.
 * <p>
 * A run answers before its session has stored its messages and keeps the lock until then (see
 * session/PendingHistory), so that the next turn sees it: a run that finds the lock held by an execution that
 * has already ended waits for it (up to {@code finishing-wait}) instead of answering SESSION_BUSY.
 */
@ApplicationScoped
public class SessionLocks {
    // {1, revision} when taken (or already held by ARGV[1]); {0, holder} when another execution holds it
    private static final String ACQUIRE = "local holder = redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2], 'GET') "
            + "if holder and holder ~= ARGV[1] then return {0, holder} end "
            + "redis.call('set', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) "
            + "return {1, redis.call('get', KEYS[2])}";
    // keeps the lock while its holder is suspended: a new execute in the session is refused naming that run
    private static final String HOLD = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    @Inject
    RedisDataSource redis;
    @Inject
    ExecutionStore executions;

    @ConfigProperty(name = "agentplane.sessions.lock-ttl", defaultValue = "10m")
    Duration ttl;
    @ConfigProperty(name = "agentplane.sessions.enqueue-timeout", defaultValue = "120s")
    Duration enqueueTimeout;
    @ConfigProperty(name = "agentplane.sessions.finishing-wait", defaultValue = "10s")
    Duration finishingWait;

    /**
     * Takes the session for this execution and answers its context revision; 409 SESSION_BUSY, or with
     * enqueue waits for its turn.
     */
    public long acquire(String workspaceId, String sessionId, String executionId, boolean enqueue) {
        long started = System.currentTimeMillis();
        long pause = 2;
        String lastHolder = null;
        String holderStatus = null;
        while (true) {
            Response answer = redis.execute("EVAL", ACQUIRE, "2", key(workspaceId, sessionId),
                    ContextRevision.key(workspaceId, sessionId), executionId, Long.toString(ttl.toMillis()),
                    Long.toString(ContextRevision.start()), Long.toString(ContextRevision.TTL.toMillis()));
            if (answer.get(0).toInteger() == 1) {
                return answer.get(1).toLong();
            }
            String holder = answer.get(1).toString();
            if (!holder.equals(lastHolder)) {
                lastHolder = holder;
                holderStatus = executions.statusOf(holder).orElse(null);
            }
            boolean holderEnded = holderStatus != null && !ExecutionStatus.isActive(holderStatus);
            long waited = System.currentTimeMillis() - started;
            boolean waits = enqueue ? waited < Math.max(enqueueTimeout.toMillis(), finishingWait.toMillis())
                    : holderEnded && waited < finishingWait.toMillis();
            if (!waits) {
                throw busy(holder, holderStatus);
            }
            sleep(pause);
            pause = Math.min(pause * 2, holderEnded ? 50 : 200);
        }
    }

    private static ApiException busy(String holder, String holderStatus) {
        String message;
        if (holderStatus != null && ExecutionStatus.isSuspended(holderStatus)) {
            message = "Execution '" + holder + "' in this session is " + holderStatus + ": answer its pending actions "
                    + "(GET /v1/executions/" + holder + "/pending-actions) or cancel it first.";
        } else if (holderStatus != null && !ExecutionStatus.isActive(holderStatus)) {
            message = "The session's previous execution has ended but its messages are not stored yet; retry shortly.";
        } else {
            message = "Another execution is running in this session; retry when it ends or send multitask_strategy: enqueue.";
        }
        return new ApiException(409, "SESSION_BUSY", message, List.of(), holderStatus == null
                ? Map.of("active_execution_id", holder)
                : Map.of("active_execution_id", holder, "active_execution_status", holderStatus));
    }

    /** Keeps the session for a suspended run until {@code ttl} from now (its pending actions' expiry). */
    public void hold(String workspaceId, String sessionId, String executionId, Duration ttl) {
        redis.execute("EVAL", HOLD, "1", key(workspaceId, sessionId), executionId, Long.toString(ttl.toMillis()));
    }

    public void release(String workspaceId, String sessionId, String executionId) {
        redis.execute("EVAL", RELEASE, "1", key(workspaceId, sessionId), executionId);
    }

    private static String key(String workspaceId, String sessionId) {
        return "exec:session-lock:" + workspaceId + ":" + sessionId;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SERVICE_UNAVAILABLE", "Interrupted while waiting for the session.");
        }
    }
}
