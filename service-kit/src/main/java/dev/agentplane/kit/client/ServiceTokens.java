package dev.agentplane.kit.client;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.Claims;
import dev.agentplane.kit.auth.Scopes;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs the short-lived JWTs one service presents to another, on behalf of a workspace. Tokens are
 * reused until close to expiry so that RSA signing stays off the hot path.
 */
@ApplicationScoped
public class ServiceTokens {
    private static final Duration LIFESPAN = Duration.ofMinutes(5);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    private final ConcurrentHashMap<String, Signed> cache = new ConcurrentHashMap<>();

    private record Signed(String token, long renewAtMillis) {
    }

    /** A token for calls made on behalf of the given caller's workspace, or platform-wide when null. */
    public String tokenFor(Caller onBehalfOf) {
        String tenant = onBehalfOf == null ? null : onBehalfOf.tenantId();
        String workspace = onBehalfOf == null ? null : onBehalfOf.workspaceId();
        String tier = onBehalfOf == null ? null : onBehalfOf.tier();
        String cacheKey = tenant + "/" + workspace + "/" + tier;
        long now = System.currentTimeMillis();
        Signed signed = cache.get(cacheKey);
        if (signed == null || signed.renewAtMillis() < now) {
            if (cache.size() > MAX_CACHED) {
                cache.clear();
            }
            var builder = Jwt.subject("service:" + serviceName).groups(Set.of(Scopes.SERVICE))
                    .expiresIn(LIFESPAN);
            if (tenant != null) {
                builder.claim(Claims.TENANT, tenant);
            }
            if (workspace != null) {
                builder.claim(Claims.WORKSPACE, workspace);
            }
            if (tier != null) {
                builder.claim(Claims.TIER, tier);
            }
            signed = new Signed(builder.sign(), now + LIFESPAN.minus(RENEW_BEFORE).toMillis());
            cache.put(cacheKey, signed);
        }
        return signed.token();
    }
}
