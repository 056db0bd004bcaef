package dev.agentplane.execution.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentplane.execution.webhook.delivery.WebhookAttempt;
import dev.agentplane.execution.webhook.delivery.WebhookDelivery;

import java.time.Instant;
import java.util.List;

/** The request and answer bodies of the webhook API. */
public final class WebhookViews {
    private WebhookViews() {
    }

    /** {@code POST /v1/webhooks}; on PATCH every member is optional. */
    public record SubscriptionRequest(String url, List<String> events, String description, Boolean enabled) {
    }

    /** A subscription; {@code secret} only in the answers that create or rotate it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subscription(String id, String url, List<String> events, String description, boolean enabled,
                               String disabledReason, int failureStreak, Instant failingSince, String secret,
                               Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {
        public static Subscription of(WebhookSubscription s, String secret) {
            Instant previous = s.previousSecret != null && s.previousUntil != null
                    && s.previousUntil.isAfter(Instant.now()) ? s.previousUntil : null;
            return new Subscription(s.id, s.url, s.eventList(), s.description, s.enabled, s.disabledReason,
                    s.failureStreak, s.failingSince, secret, previous, s.createdAt, s.updatedAt);
        }
    }

    /** One attempt in the delivery log. */
    public record Attempt(Instant attemptedAt, Integer statusCode, Long latencyMs, String error, String responseBody) {
        public static Attempt of(WebhookAttempt a) {
            return new Attempt(a.attemptedAt, a.statusCode, a.latencyMs, a.error, a.responseBody);
        }
    }

    /** One delivery (a message to one subscription) and its attempts, oldest first. */
    public record Delivery(String id, String webhookId, String messageId, String eventType, String eventId,
                           String status, Instant nextAttemptAt, Integer lastStatusCode, Instant createdAt,
                           Instant deliveredAt, List<Attempt> attempts) {
        public static Delivery of(WebhookDelivery d, List<Attempt> attempts) {
            return new Delivery(d.id, d.subscriptionId, d.messageId, d.eventType, d.eventId, d.status,
                    WebhookDelivery.PENDING.equals(d.status) ? d.nextAttemptAt : null, d.lastStatusCode, d.createdAt,
                    d.deliveredAt, attempts);
        }
    }

    public record Rotated(String secret, Instant previousSecretExpiresAt) {
    }

    public record ReplayRequest(Instant since) {
    }

    public record Replayed(int deliveries) {
    }
}
