package dev.agentplane.kit.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import dev.agentplane.kit.config.RequiredSettings;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
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
 * <p>
 * Each entry carries an HMAC-SHA256 of the key's hash and the entry, keyed by
 * {@code agentplane.api-key.cache-mac-key}, a secret that Redis never sees: an entry written by anyone who can
 * write to Redis but does not hold the secret is ignored (a miss: billing is asked), so Redis access cannot mint
 * access. Without the setting (tests, dev mode) each process makes its own key and trusts only its own entries;
 * in production readiness is DOWN without it ({@link RequiredSettings}).
 */
@ApplicationScoped
public class ApiKeyCache {
    private static final Logger LOG = Logger.getLogger(ApiKeyCache.class);
    private static final String PREFIX = "apikey:";
    private static final String UNKNOWN = "-";
    private static final int MAX_LOCAL = 10_000;
    private static final String MAC = "HmacSHA256";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;

    @ConfigProperty(name = "agentplane.api-key.cache-ttl", defaultValue = "5s")
    Duration ttl;
    @ConfigProperty(name = "agentplane.api-key.local-ttl", defaultValue = "2s")
    Duration localTtl;
    @ConfigProperty(name = "agentplane.api-key.stale-if-error", defaultValue = "60s")
    Duration staleIfError;
    @ConfigProperty(name = RequiredSettings.CACHE_MAC_KEY)
    Optional<String> macSecret;

    private SecretKeySpec macKey;

    private final ConcurrentHashMap<String, Local> local = new ConcurrentHashMap<>();

    private record Local(Optional<VerifiedKey> key, long expiresAtNanos, long staleUntilNanos) {
    }

    @Inject
    public ApiKeyCache(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.mapper = mapper;
    }

    @PostConstruct
    void macKey() {
        byte[] secret = macSecret.filter(k -> !k.isBlank()).map(k -> k.strip().getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    LOG.info(RequiredSettings.CACHE_MAC_KEY + " is not set: this process trusts only the API-key cache "
                            + "entries it wrote itself");
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    return random;
                });
        macKey = new SecretKeySpec(secret, MAC);
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
        return values.get(cacheKey(keyHash)).map(entry -> decode(keyHash, entry))
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
        String entry;
        try {
            entry = entry(keyHash, key);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().voidItem();
        }
        return values.setex(cacheKey(keyHash), Math.max(1, ttl.toSeconds()), entry)
                .onFailure().recoverWithNull();
    }

    /** What Redis holds for a key: {@code <MAC>.<value>}, the value the key or the unknown marker. */
    String entry(String keyHash, VerifiedKey key) throws JsonProcessingException {
        String value = key == null ? UNKNOWN : mapper.writeValueAsString(key);
        return mac(keyHash, value) + "." + value;
    }

    /** The MAC binds the entry to its key: a genuine entry copied to another key's slot does not verify. */
    private String mac(String keyHash, String value) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(macKey);
            mac.update(keyHash.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    public Uni<Void> evict(String keyHash) {
        local.remove(keyHash);
        return redis.key(String.class).del(cacheKey(keyHash)).replaceWithVoid();
    }

    private Optional<Optional<VerifiedKey>> decode(String keyHash, String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        int dot = entry.indexOf('.');
        String value = dot < 0 ? null : entry.substring(dot + 1);
        if (value == null || !MessageDigest.isEqual(mac(keyHash, value).getBytes(StandardCharsets.US_ASCII),
                entry.substring(0, dot).getBytes(StandardCharsets.US_ASCII))) {
            LOG.warnf("an API-key cache entry failed its MAC check (written without %s, or with another one); "
                    + "asking billing", RequiredSettings.CACHE_MAC_KEY);
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
