package dev.agentplane.kit.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-workspace fixed windows (this minute, this UTC day), admitted atomically by one Lua script:
 * the limits are read from Redis (workspace policy, else tier table, else the caller's tier
 * defaults), both counters are checked, and only an admitted request increments them. With any
 * number of replicas, no more than the quota is ever admitted in a window.
 */
@ApplicationScoped
public class RateLimiter {
    private static final String SCRIPT = """
            local limits = redis.call('HGET', KEYS[1], 'limits')
            if not limits then limits = redis.call('HGET', KEYS[2], ARGV[1]) end
            if not limits then limits = ARGV[2] end
            local sep = string.find(limits, ':')
            local ml = tonumber(string.sub(limits, 1, sep - 1))
            local dl = tonumber(string.sub(limits, sep + 1))
            local mc = tonumber(redis.call('GET', KEYS[3]) or '0')
            local dc = tonumber(redis.call('GET', KEYS[4]) or '0')
            if (ml >= 0 and mc >= ml) or (dl >= 0 and dc >= dl) then return {0, ml, mc, dl, dc} end
            mc = redis.call('INCR', KEYS[3])
            if mc == 1 then redis.call('EXPIRE', KEYS[3], 120) end
            dc = redis.call('INCR', KEYS[4])
            if dc == 1 then redis.call('EXPIRE', KEYS[4], 172800) end
            return {1, ml, mc, dl, dc}
            """;

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RateLimitPolicies policies;

    /** Admits (or refuses) one request of the workspace, whose credential names the given tier. */
    public Uni<RateLimitResult> admit(String workspaceId, String tier) {
        long now = System.currentTimeMillis() / 1000;
        String minuteKey = "rl:{" + workspaceId + "}:m:" + now / 60;
        String dayKey = "rl:{" + workspaceId + "}:d:" + now / 86_400;
        String fallback = policies.defaultsFor(tier).encode();
        return redis.execute("EVAL", SCRIPT, "4", RateLimitPolicies.policyKey(workspaceId), RateLimitPolicies.TIERS_KEY,
                        minuteKey, dayKey, tier == null ? "" : tier, fallback)
                .map(r -> parse(r, now));
    }

    private static RateLimitResult parse(Response r, long now) {
        return new RateLimitResult(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
                r.get(4).toLong(), now);
    }
}
