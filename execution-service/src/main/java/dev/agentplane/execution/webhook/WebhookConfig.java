package dev.agentplane.execution.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Webhook delivery settings ({@code agentplane.webhooks.*}). Kept apart from {@code LlmConfig} because that
 * mapping covers the model providers only; the lead may fold both into one service mapping.
 */
@ConfigMapping(prefix = "agentplane.webhooks")
public interface WebhookConfig {

    /** Whether subscriber URLs may use http (https only by default). */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Address ranges (CIDR) subscribers may resolve to although they are private, loopback, link-local or
     * otherwise refused: for private installs, and for tests whose receiver listens on 127.0.0.1.
     */
    Optional<List<String>> allowRanges();

    /** How long one attempt may take, connection included. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * The wait before each retry; the attempt count is one more than this list (8 attempts over about 28 hours by
     * default). Each wait is spread by {@link #jitter()}.
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> backoff();

    /** The fraction of each wait added or taken at random, so that retries of many messages do not align. */
    @WithDefault("0.2")
    double jitter();

    /** Attempts one replica runs at once against one subscription: a slow endpoint holds no more than this. */
    @WithDefault("4")
    int perEndpointConcurrency();

    /** Attempts one replica runs at once in all. */
    @WithDefault("64")
    int maxInFlight();

    /** How often the dispatcher looks for due deliveries when nothing woke it. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How often each replica reloads the per-endpoint failure-streak gauges (other replicas' attempts, deletions). */
    @WithDefault("1m")
    Duration streakRefresh();

    /** A subscription whose every attempt has failed for this long is disabled. */
    @WithDefault("120h")
    Duration disableAfter();

    /** How long a rotated-out secret keeps signing beside the new one. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** Subscriptions per workspace. */
    @WithDefault("50")
    int maxSubscriptions();

    /** How long a claimed delivery stays claimed before another replica may take it (its process died). */
    @WithDefault("2m")
    Duration claimTimeout();
}
