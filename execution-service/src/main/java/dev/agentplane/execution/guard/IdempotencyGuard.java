package dev.agentplane.execution.guard;

import dev.agentplane.kit.error.ApiException;
import io.quarkus.redis.datasource.RedisDataSource;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Idempotency-Key: the first request claims the key with SET NX (so of any number of concurrent
 * requests exactly one runs), bound to a fingerprint of the request; a repeat answers 409 with the
 * original execution id, a different request under the same key 422.
 */
@ApplicationScoped
public class IdempotencyGuard {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "agentplane.idempotency.ttl", defaultValue = "24h")
    Duration ttl;

    private ValueCommands<String, String> values;

    @PostConstruct
    void init() {
        values = redis.value(String.class, String.class);
    }

    /**
     * Claims the key for this execution, or fails with IDEMPOTENCY_CONFLICT / IDEMPOTENCY_KEY_REUSED. Retried across a
     * Redis restart (a refused or dropped connection, a few seconds at most: bench/chaos's Redis fault answered 500
     * before); a retry that finds this very claim (the first SET was applied, its reply lost) has claimed the key.
     */
    @Retry(maxRetries = 10, delay = 500, jitter = 100, maxDuration = 8_000, abortOn = ApiException.class)
    public void claim(String workspaceId, String key, String fingerprint, String executionId) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        String redisKey = redisKey(workspaceId, key);
        String claim = fingerprint + " " + executionId;
        String claimed = values.setGet(redisKey, claim, new SetArgs().nx().ex(ttl));
        if (claimed == null || claimed.equals(claim)) {
            return;
        }
        String[] parts = claimed.split(" ", 2);
        if (!parts[0].equals(fingerprint)) {
            throw new ApiException(422, "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was already used for a different request.");
        }
        throw new ApiException(409, "IDEMPOTENCY_CONFLICT",
                "A request with this Idempotency-Key was already accepted; read its result instead of running it again.",
                List.of(), Map.of("execution_id", parts[1], "poll_url", "/v1/executions/" + parts[1]));
    }

    /** Frees the key when the request was refused before any execution existed (e.g. 402), so it can be retried. */
    public void forget(String workspaceId, String key, String executionId) {
        String redisKey = redisKey(workspaceId, key);
        String value = values.get(redisKey);
        if (value != null && value.endsWith(" " + executionId)) {
            redis.key().del(redisKey);
        }
    }

    public static String fingerprint(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String redisKey(String workspaceId, String key) {
        return "exec:idem:" + workspaceId + ":" + fingerprint(key);
    }
}
