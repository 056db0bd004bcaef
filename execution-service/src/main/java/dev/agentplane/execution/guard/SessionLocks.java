package dev.agentplane.execution.guard;

import dev.agentplane.kit.error.ApiException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.annotation.PostConstruct;
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
 */
@ApplicationScoped
public class SessionLocks {
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "agentplane.sessions.lock-ttl", defaultValue = "10m")
    Duration ttl;
    @ConfigProperty(name = "agentplane.sessions.enqueue-timeout", defaultValue = "120s")
    Duration enqueueTimeout;

    private ValueCommands<String, String> values;

    @PostConstruct
    void init() {
        values = redis.value(String.class, String.class);
    }

    /** Takes the session for this execution; 409 SESSION_BUSY, or with enqueue waits for its turn. */
    public void acquire(String workspaceId, String sessionId, String executionId, boolean enqueue) {
        long deadline = System.currentTimeMillis() + enqueueTimeout.toMillis();
        long pause = 10;
        while (true) {
            String holder = values.setGet(key(workspaceId, sessionId), executionId, new SetArgs().nx().px(ttl));
            if (holder == null || holder.equals(executionId)) {
                return;
            }
            if (!enqueue || System.currentTimeMillis() > deadline) {
                throw new ApiException(409, "SESSION_BUSY",
                        "Another execution is running in this session; retry when it ends or send "
                                + "multitask_strategy: enqueue.", List.of(), Map.of("active_execution_id", holder));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
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
