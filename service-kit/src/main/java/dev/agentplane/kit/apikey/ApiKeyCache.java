package dev.agentplane.kit.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Verified keys in Redis, shared by every service and replica, keyed by the key's SHA-256. Entries
 * live only a few seconds and are deleted on revocation, so a revoked key stops working everywhere
 * within the TTL even when an eviction is lost. Unknown keys are cached too (as a miss marker).
 */
@ApplicationScoped
public class ApiKeyCache {
    private static final Logger LOG = Logger.getLogger(ApiKeyCache.class);
    private static final String PREFIX = "apikey:";
    private static final String UNKNOWN = "-";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;

    @ConfigProperty(name = "agentplane.api-key.cache-ttl", defaultValue = "5s")
    Duration ttl;

    @Inject
    public ApiKeyCache(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.mapper = mapper;
    }

    public static String cacheKey(String keyHash) {
        return PREFIX + keyHash;
    }

    /** Empty when not cached; an empty inner Optional when cached as unknown. Redis trouble reads as a miss. */
    public Uni<Optional<Optional<VerifiedKey>>> get(String keyHash) {
        return values.get(cacheKey(keyHash)).map(this::decode)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("API key cache unavailable: %s", e.getMessage());
                    return Optional.empty();
                });
    }

    public Uni<Void> put(String keyHash, VerifiedKey key) {
        String value;
        try {
            value = key == null ? UNKNOWN : mapper.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().voidItem();
        }
        return values.setex(cacheKey(keyHash), Math.max(1, ttl.toSeconds()), value)
                .onFailure().recoverWithNull();
    }

    public Uni<Void> evict(String keyHash) {
        return redis.key(String.class).del(cacheKey(keyHash)).replaceWithVoid();
    }

    private Optional<Optional<VerifiedKey>> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (UNKNOWN.equals(value)) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(mapper.readValue(value, VerifiedKey.class)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
