package dev.agentplane.kit.apikey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.event.EventEnvelope;
import dev.agentplane.kit.ratelimit.RateLimitPolicies;
import dev.agentplane.kit.ratelimit.TierLimits;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every service listens to billing's facts that change authentication: a revoked key's cache entry
 * is evicted and the key listed as revoked (for tokens exchanged for it), a workspace's new limits are written where the limiter reads them. Both are
 * idempotent, so redeliveries need no bookkeeping. billing-service also does both directly when
 * the change happens; this consumer covers a Redis write that failed there.
 */
@ApplicationScoped
public class BillingEventsListener {
    private static final Logger LOG = Logger.getLogger(BillingEventsListener.class);
    public static final String KEY_REVOKED = "api-key.revoked";
    public static final String TIER_CHANGED = "workspace.tier-changed";

    @Inject
    ObjectMapper mapper;
    @Inject
    ApiKeyCache cache;
    @Inject
    RateLimitPolicies policies;
    @Inject
    RevokedKeys revoked;

    @Incoming("kit-billing-access")
    public Uni<Void> onEvent(String payload) {
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(payload, mapper);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring a billing event that is not an envelope: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.data();
        if (data == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> action = switch (event.type()) {
            case KEY_REVOKED -> Uni.combine().all().unis(
                    data.hasNonNull("key_hash") ? cache.evict(data.get("key_hash").asText()) : Uni.createFrom().voidItem(),
                    data.hasNonNull("key_id") ? revoked.add(data.get("key_id").asText()) : Uni.createFrom().voidItem())
                    .discardItems();
            case TIER_CHANGED -> data.hasNonNull("per_minute") ? policies.putWorkspace(event.workspace(),
                    data.path("tier").asText(), new TierLimits(data.get("per_minute").asLong(),
                            data.path("per_day").asLong(-1))) : Uni.createFrom().voidItem();
            default -> Uni.createFrom().voidItem();
        };
        return action.onFailure().recoverWithItem(e -> {
            LOG.warnf("could not apply billing event %s: %s", event.id(), e.getMessage());
            return null;
        });
    }
}
