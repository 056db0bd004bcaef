package dev.agentplane.kit.apikey;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Keys revoked recently enough that tokens exchanged for them may still be unexpired. A bearer
 * token names its key ({@code kid_ref}); {@link RevokedKeyTokenCheck} refuses it while the key is
 * listed here. Entries outlive the longest token lifetime, then expire on their own.
 */
@ApplicationScoped
public class RevokedKeys {
    private static final String PREFIX = "apikey:revoked:";

    @Inject
    ReactiveRedisDataSource redis;

    @ConfigProperty(name = "agentplane.api-key.revoked-ttl", defaultValue = "20m")
    Duration ttl;

    public Uni<Void> add(String keyId) {
        return redis.value(String.class).setex(PREFIX + keyId, ttl.toSeconds(), "1");
    }

    public Uni<Boolean> contains(String keyId) {
        return redis.key(String.class).exists(PREFIX + keyId);
    }
}
