package dev.agentplane.execution.webhook.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.webhook.WebhookEventTypes;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Turns the platform's Kafka events into webhook deliveries, in consumer groups of this service's own (replicas
 * share the work; offsets are committed only after the delivery rows are): {@code agent.executed},
 * {@code execution.failed} and {@code execution.suspended} (delivered as {@code execution.awaiting_action}, with the
 * run's pending actions) from execution.events, {@code agent.*} from agent.events, {@code credits.low} from
 * billing.events. Each event becomes one row
 * per enabled subscription of its workspace that wants it (unique by event id, so a redelivered event adds
 * nothing). While PostgreSQL cannot take the rows, the event is retried and the partition waits: an event that still fails after its retries is logged and skipped.
 */
@ApplicationScoped
public class WebhookFeed {
    private static final Logger LOG = Logger.getLogger(WebhookFeed.class);
    private static final Set<String> EXECUTION_TYPES = Set.of(WebhookEventTypes.AGENT_EXECUTED,
            WebhookEventTypes.EXECUTION_FAILED, FeedWriter.SUSPENDED);
    private static final Set<String> AGENT_TYPES = Set.of(WebhookEventTypes.AGENT_CREATED,
            WebhookEventTypes.AGENT_UPDATED, WebhookEventTypes.AGENT_DELETED, WebhookEventTypes.AGENT_GRADUATED);

    @Inject
    FeedWriter writer;
    @Inject
    ObjectMapper mapper;

    @Incoming("webhook-execution-events")
    @Blocking
    @Retry(maxRetries = 8, delay = 500, maxDuration = 0, jitter = 200)
    @ExponentialBackoff(maxDelay = 10_000)
    @Fallback(fallbackMethod = "unprocessable")
    public void onExecutionEvent(String payload) {
        EventEnvelope event = parse(payload);
        if (event != null && EXECUTION_TYPES.contains(event.type()) && event.workspace() != null) {
            writer.execution(event);
        }
    }

    @Incoming("webhook-agent-events")
    @Blocking
    @Retry(maxRetries = 8, delay = 500, maxDuration = 0, jitter = 200)
    @ExponentialBackoff(maxDelay = 10_000)
    @Fallback(fallbackMethod = "unprocessable")
    public void onAgentEvent(String payload) {
        EventEnvelope event = parse(payload);
        if (event != null && AGENT_TYPES.contains(event.type()) && event.workspace() != null) {
            writer.agent(event);
        }
    }

    @Incoming("webhook-billing-events")
    @Blocking
    @Retry(maxRetries = 8, delay = 500, maxDuration = 0, jitter = 200)
    @ExponentialBackoff(maxDelay = 10_000)
    @Fallback(fallbackMethod = "unprocessable")
    public void onBillingEvent(String payload) {
        EventEnvelope event = parse(payload);
        if (event != null && WebhookEventTypes.CREDITS_LOW.equals(event.type()) && event.workspace() != null) {
            writer.agent(event);
        }
    }

    /**
     * An event the feed still could not write after its retries (about a minute): logged and left behind, so that
     * one event that cannot be written never holds up its partition's deliveries for good.
     */
    void unprocessable(String payload, Throwable failure) {
        LOG.errorf(failure, "webhook feed: an event could not be turned into deliveries after retries; skipped: %s",
                payload.length() > 300 ? payload.substring(0, 300) + "..." : payload);
    }

    /** The envelope, or null for a payload that is none or has no type (Set.of's contains refuses a null). */
    private EventEnvelope parse(String payload) {
        try {
            EventEnvelope event = EventEnvelope.parse(payload, mapper);
            return event == null || event.type() == null ? null : event;
        } catch (RuntimeException e) {
            LOG.warnf("ignoring an event that is not an envelope: %s", e.getMessage());
            return null;
        }
    }
}
