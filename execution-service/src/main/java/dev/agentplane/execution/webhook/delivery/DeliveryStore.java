package dev.agentplane.execution.webhook.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.webhook.SubscriptionRepository;
import dev.agentplane.execution.webhook.WebhookConfig;
import dev.agentplane.execution.webhook.WebhookIds;
import dev.agentplane.execution.webhook.WebhookSubscription;
import dev.agentplane.kit.data.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The durable side of deliveries: rows are written in the consumer's transaction (one per receiving subscription,
 * unique per event, so a redelivered Kafka event adds nothing), claimed by the dispatcher with a lease, and
 * settled after each attempt. Every state change is a conditional update, so two replicas never both settle one
 * attempt.
 */
@ApplicationScoped
public class DeliveryStore {
    /** What the dispatcher needs for one attempt. */
    public record Claimed(String id, String workspaceId, String subscriptionId, String messageId, String url,
                          String payload, List<String> secrets) {
    }

    /** The outcome of one attempt: a status code, or an error when there was no answer. */
    public record Outcome(Integer statusCode, long latencyMs, String error, String responseBody) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    @Inject
    EntityManager em;
    @Inject
    SubscriptionRepository subscriptions;
    @Inject
    ObjectMapper mapper;
    @Inject
    WebhookConfig config;
    @Inject
    AfterCommit afterCommit;
    @Inject
    Dispatcher dispatcher;

    /** The body every receiver gets: {@code {type, event, timestamp, data}} ({@code event} repeats {@code type}). */
    public String body(String type, Instant time, JsonNode data) {
        ObjectNode body = mapper.createObjectNode();
        body.put("type", type);
        body.put("event", type);
        body.put("timestamp", time.truncatedTo(ChronoUnit.MILLIS).toString());
        body.set("data", data);
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One delivery per enabled subscription of the workspace that wants this type; idempotent by event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(String workspaceId, String eventId, String type, Instant time, JsonNode data) {
        List<WebhookSubscription> receivers = subscriptions.receivers(workspaceId, type);
        if (receivers.isEmpty()) {
            return 0;
        }
        String body = body(type, time, data);
        int added = 0;
        for (WebhookSubscription s : receivers) {
            added += em.createNativeQuery("insert into webhook_delivery (id, workspace_id, subscription_id, message_id, "
                            + "event_id, event_type, payload, status, tries, next_attempt_at, created_at) "
                            + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 0, now(), now()) "
                            + "on conflict (subscription_id, event_id) do nothing")
                    .setParameter(1, WebhookIds.delivery()).setParameter(2, workspaceId).setParameter(3, s.id)
                    .setParameter(4, WebhookIds.message()).setParameter(5, eventId).setParameter(6, type)
                    .setParameter(7, body).executeUpdate();
        }
        if (added > 0) {
            afterCommit.run(dispatcher::wake);
        }
        return added;
    }

    /** A {@code webhook.test} message for one subscription, due now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookDelivery test(WebhookSubscription s) {
        Instant now = Instant.now();
        WebhookDelivery d = new WebhookDelivery();
        d.id = WebhookIds.delivery();
        d.workspaceId = s.workspaceId;
        d.subscriptionId = s.id;
        d.messageId = WebhookIds.message();
        d.eventType = dev.agentplane.execution.webhook.WebhookEventTypes.TEST;
        d.payload = body(d.eventType, now, mapper.valueToTree(Map.of("webhook_id", s.id,
                "message", "A test delivery from Agentplane.")));
        d.status = WebhookDelivery.PENDING;
        d.nextAttemptAt = now;
        d.createdAt = now;
        d.persist();
        afterCommit.run(dispatcher::wake);
        return d;
    }

    /** Sends a delivery again, whatever became of it: same message id, a new round of attempts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void redeliver(WebhookDelivery d) {
        d.status = WebhookDelivery.PENDING;
        d.tries = 0;
        d.nextAttemptAt = Instant.now();
        d.leaseUntil = null;
        afterCommit.run(dispatcher::wake);
    }

    /** Re-sends the subscription's failed deliveries created since then; answers how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int replay(WebhookSubscription s, Instant since) {
        int n = em.createNativeQuery("update webhook_delivery set status = 'pending', tries = 0, next_attempt_at = now(), "
                        + "lease_until = null where subscription_id = ?1 and workspace_id = ?2 and status = 'failed' "
                        + "and created_at >= ?3")
                .setParameter(1, s.id).setParameter(2, s.workspaceId).setParameter(3, Timestamp.from(since))
                .executeUpdate();
        if (n > 0) {
            afterCommit.run(dispatcher::wake);
        }
        return n;
    }

    /**
     * Claims due deliveries of enabled subscriptions (and ones whose claim expired: their replica stopped), at most
     * {@code limit} in all and, per subscription, no more than its free slots in this process ({@code busyIds} /
     * {@code busyCounts} are what already runs here). Rows another replica claims at the same moment are skipped
     * by the update's own condition.
     */
    @Transactional
    public List<Claimed> claim(int limit, int perEndpoint, String[] busyIds, Integer[] busyCounts) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("with busy as (select unnest(cast(?4 as varchar[])) as sid, "
                        + "unnest(cast(?5 as integer[])) as used), "
                        + "due as (select d.id, d.subscription_id, row_number() over (partition by d.subscription_id "
                        + "order by d.next_attempt_at, d.id) as rn from webhook_delivery d "
                        + "join webhook_subscription s on s.id = d.subscription_id and s.enabled "
                        + "where (d.status = 'pending' and d.next_attempt_at <= now()) "
                        + "or (d.status = 'delivering' and d.lease_until < now()) "
                        + "order by d.next_attempt_at limit 1000), "
                        + "picked as (select due.id from due left join busy on busy.sid = due.subscription_id "
                        + "where due.rn <= ?3 - coalesce(busy.used, 0) limit ?1) "
                        + "update webhook_delivery d set status = 'delivering', lease_until = now() + cast(?2 as interval) "
                        + "from picked where d.id = picked.id and ((d.status = 'pending' and d.next_attempt_at <= now()) "
                        + "or (d.status = 'delivering' and d.lease_until < now())) "
                        + "returning d.id, d.workspace_id, d.subscription_id, d.message_id, d.payload")
                .setParameter(1, limit)
                .setParameter(2, config.claimTimeout().toMillis() + " milliseconds")
                .setParameter(3, perEndpoint)
                .setParameter(4, busyIds)
                .setParameter(5, busyCounts)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        Instant now = Instant.now();
        for (Object[] r : rows) {
            WebhookSubscription s = subscriptions.findById((String) r[2]);
            claimed.add(new Claimed((String) r[0], (String) r[1], (String) r[2], (String) r[3], s.url, (String) r[4],
                    s.signingSecrets(now)));
        }
        return claimed;
    }

    /** The stored failure streaks of these subscriptions; a deleted one is absent. */
    @Transactional
    public Map<String, Integer> failureStreaks(String[] subscriptionIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, failure_streak from webhook_subscription "
                + "where id = any(cast(?1 as varchar[]))").setParameter(1, subscriptionIds).getResultList();
        Map<String, Integer> streaks = new java.util.HashMap<>();
        rows.forEach(r -> streaks.put((String) r[0], ((Number) r[1]).intValue()));
        return streaks;
    }

    /** Age in seconds of the oldest due delivery (0 when none waits). */
    @Transactional
    public double queueAgeSeconds() {
        Object age = em.createNativeQuery("select coalesce(extract(epoch from now() - min(next_attempt_at)), 0) "
                + "from webhook_delivery where status = 'pending' and next_attempt_at <= now()").getSingleResult();
        return ((Number) age).doubleValue();
    }

    /** What became of an attempt, as the dispatcher's metrics count it. */
    public enum Settled { DELIVERED, RETRYING, FAILED, DISABLED, GONE }

    /**
     * An attempt's outcome and its subscription's failure streak after it (consecutive failed attempts across
     * replicas, as stored); {@code subscriptionGone} when the subscription was deleted meanwhile.
     */
    public record Settlement(Settled outcome, int failureStreak, boolean subscriptionGone) {
    }

    /**
     * Records one attempt and moves the delivery on: 2xx delivered; 410 failed and the subscription disabled;
     * otherwise retried after the next backoff step (with jitter), or failed after the last. A subscription that
     * has failed every attempt for {@code disable-after} is disabled, with the reason shown to the workspace.
     */
    @Transactional
    public Settlement settle(Claimed c, Instant attemptedAt, Outcome outcome) {
        WebhookSubscription s = subscriptions.findById(c.subscriptionId());
        Settled settled = settle(c, s, attemptedAt, outcome);
        return new Settlement(settled, s == null ? 0 : s.failureStreak, s == null);
    }

    private Settled settle(Claimed c, WebhookSubscription s, Instant attemptedAt, Outcome outcome) {
        WebhookAttempt a = new WebhookAttempt();
        a.deliveryId = c.id();
        a.attemptedAt = attemptedAt;
        a.statusCode = outcome.statusCode();
        a.latencyMs = outcome.latencyMs();
        a.error = outcome.error() == null ? null : truncate(outcome.error(), 300);
        a.responseBody = outcome.responseBody() == null ? null : truncate(outcome.responseBody(), 1024);
        WebhookDelivery d = WebhookDelivery.findById(c.id());
        if (d == null) {
            return Settled.FAILED; // its subscription was deleted meanwhile
        }
        a.persist();
        Instant now = Instant.now();
        d.lastStatusCode = outcome.statusCode();
        d.leaseUntil = null;
        if (outcome.delivered()) {
            d.status = WebhookDelivery.DELIVERED;
            d.deliveredAt = now;
            if (s != null) {
                s.failureStreak = 0;
                s.failingSince = null;
            }
            return Settled.DELIVERED;
        }
        d.tries++;
        if (s != null) {
            s.failureStreak++;
            if (s.failingSince == null) {
                s.failingSince = attemptedAt;
            }
        }
        if (outcome.statusCode() != null && outcome.statusCode() == 410) {
            d.status = WebhookDelivery.FAILED;
            disable(s, "The endpoint answered 410 Gone on " + attemptedAt.truncatedTo(ChronoUnit.SECONDS) + ".");
            return Settled.GONE;
        }
        List<Duration> backoff = config.backoff();
        if (d.tries > backoff.size()) {
            d.status = WebhookDelivery.FAILED;
        } else {
            d.status = WebhookDelivery.PENDING;
            d.nextAttemptAt = now.plus(jittered(backoff.get(d.tries - 1)));
        }
        if (s != null && s.enabled && s.failingSince.isBefore(now.minus(config.disableAfter()))) {
            disable(s, "Every attempt since " + s.failingSince.truncatedTo(ChronoUnit.SECONDS) + " failed ("
                    + s.failureStreak + " in a row).");
            return Settled.DISABLED;
        }
        return d.status.equals(WebhookDelivery.FAILED) ? Settled.FAILED : Settled.RETRYING;
    }

    private void disable(WebhookSubscription s, String reason) {
        if (s != null && s.enabled) {
            s.enabled = false;
            s.disabledReason = reason;
            s.updatedAt = Instant.now();
        }
    }

    Duration jittered(Duration wait) {
        double j = config.jitter();
        double factor = 1 + (j <= 0 ? 0 : ThreadLocalRandom.current().nextDouble(-j, j));
        return Duration.ofMillis(Math.max(0, Math.round(wait.toMillis() * factor)));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
