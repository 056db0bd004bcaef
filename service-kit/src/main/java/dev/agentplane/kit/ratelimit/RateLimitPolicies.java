package dev.agentplane.kit.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;

/**
 * Where services learn the limits that billing-service owns. Billing writes the tier table
 * ({@value #TIERS_KEY}: tier → "per_minute:per_day") and each workspace's effective limits
 * ({@code rl:policy:<workspace>}) to Redis; the limiter reads them on every request, so a tier
 * change takes effect on the next request without restarts. Until billing has written anything,
 * the configured defaults ({@code agentplane.rate-limit.defaults}) apply to the caller's tier.
 */
@ApplicationScoped
public class RateLimitPolicies {
    public static final String TIERS_KEY = "rl:tiers";
    static final String POLICY_PREFIX = "rl:policy:";

    @Inject
    ReactiveRedisDataSource redis;

    @ConfigProperty(name = "agentplane.rate-limit.defaults",
            defaultValue = "free=60:50,solo=100:500,team=500:5000,enterprise=-1:-1")
    String defaults;
    @ConfigProperty(name = "agentplane.rate-limit.default-tier", defaultValue = "free")
    String defaultTier;

    private volatile Map<String, TierLimits> parsedDefaults;

    public static String policyKey(String workspaceId) {
        return POLICY_PREFIX + workspaceId;
    }

    /** The configured limits of a tier (unknown or missing tiers get the default tier's). */
    public TierLimits defaultsFor(String tier) {
        Map<String, TierLimits> table = parsedDefaults;
        if (table == null) {
            table = new HashMap<>();
            for (String entry : defaults.split(",")) {
                String[] nameAndLimits = entry.split("=");
                table.put(nameAndLimits[0].strip(), TierLimits.decode(nameAndLimits[1]));
            }
            parsedDefaults = table;
        }
        TierLimits limits = tier == null ? null : table.get(tier);
        return limits != null ? limits : table.getOrDefault(defaultTier, new TierLimits(60, 50));
    }

    /** Publishes the whole tier table (billing does this at start-up and on every change). */
    public Uni<Void> putTiers(Map<String, TierLimits> tiers) {
        Map<String, String> encoded = new HashMap<>();
        tiers.forEach((name, limits) -> encoded.put(name, limits.encode()));
        return redis.hash(String.class).hset(TIERS_KEY, encoded).replaceWithVoid();
    }

    /** Sets one workspace's effective limits (billing does this on creation and on tier changes). */
    public Uni<Void> putWorkspace(String workspaceId, String tier, TierLimits limits) {
        return redis.hash(String.class).hset(policyKey(workspaceId),
                Map.of("tier", tier, "limits", limits.encode())).replaceWithVoid();
    }
}
