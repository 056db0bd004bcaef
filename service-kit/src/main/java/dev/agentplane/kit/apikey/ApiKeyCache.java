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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified keys in Redis, shared by every service and replica, keyed by the key's SHA-256. Entries
 * live only a few seconds and are deleted on revocation, so a revoked key stops working everywhere
 * within the TTL even when an eviction is lost. Unknown keys are cached too (as a miss marker).
 * In front of Redis each process keeps what it read for a shorter time still ({@code local-ttl}, 2 s):
 * a client sending many requests with one key then costs no Redis round trip per request, and a
 * revoked key stops working within that time even on a replica that missed the revocation event.
 * The process's copy is also kept for {@code stale-if-error} (60 s) for one case only: billing cannot
 * answer a verification (down, or too slow), when the last answer serves instead of a 503 for every
 * request with that key. A revocation event removes the copy, so only a key whose revocation this
 * process missed could outlive it, and only while billing cannot be asked.
 */
@ApplicationScoped
public class ApiKeyCache {
    private static final Logger LOG = Logger.getLogger(ApiKeyCache.class);
    private static final String PREFIX = "apikey:";
    private static final String UNKNOWN = "-";
    private static final int MAX_LOCAL = 10_000;

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;

    @ConfigProperty(name = "agentplane.api-key.cache-ttl", defaultValue = "5s")
    Duration ttl;
    @ConfigProperty(name = "agentplane.api-key.local-ttl", defaultValue = "2s")
    Duration localTtl;
    @ConfigProperty(name = "agentplane.api-key.stale-if-error", defaultValue = "60s")
    Duration staleIfError;

    private final ConcurrentHashMap<String, Local> local = new ConcurrentHashMap<>();

    private record Local(Optional<VerifiedKey> key, long expiresAtNanos, long staleUntilNanos) {
    }

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
        Local held = local.get(keyHash);
        if (held != null && held.expiresAtNanos() - System.nanoTime() > 0) {
            return Uni.createFrom().item(Optional.of(held.key()));
        }
        return values.get(cacheKey(keyHash)).map(this::decode)
                .invoke(found -> found.ifPresent(key -> keep(keyHash, key)))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("API key cache unavailable: %s", e.getMessage());
                    return Optional.empty();
                });
    }

    /** The last answer this process had for the key, while within {@code stale-if-error}: for when billing cannot answer. */
    public Optional<Optional<VerifiedKey>> stale(String keyHash) {
        Local held = local.get(keyHash);
        if (held != null && held.staleUntilNanos() - System.nanoTime() > 0) {
            return Optional.of(held.key());
        }
        return Optional.empty();
    }

    private void keep(String keyHash, Optional<VerifiedKey> key) {
        if (localTtl.isZero() && staleIfError.isZero()) {
            return;
        }
        if (local.size() >= MAX_LOCAL) {
            local.clear();
        }
        long now = System.nanoTime();
        local.put(keyHash, new Local(key, now + localTtl.toNanos(), now + Math.max(localTtl.toNanos(), staleIfError.toNanos())));
    }

    public Uni<Void> put(String keyHash, VerifiedKey key) {
        keep(keyHash, Optional.ofNullable(key));
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
        local.remove(keyHash);
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
