package dev.agentplane.execution.webhook.delivery;

import dev.agentplane.execution.webhook.WebhookConfig;
import dev.agentplane.execution.webhook.guard.AddressGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains due deliveries: claims them (woken after a commit that added some, and every {@code poll-interval} for
 * retries and other replicas' rows), checks each URL's addresses again (DNS may have changed since subscribe
 * time), signs and sends without blocking, and settles the outcome. Each subscription has at most
 * {@code per-endpoint-concurrency} attempts running in this process, so a slow or dead endpoint holds its own
 * slots and never the others' deliveries; the claim skips subscriptions whose slots are full instead of waiting.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    static final String STREAK = "agentplane.webhooks.endpoint.failure.streak";

    @Inject
    DeliveryStore store;
    @Inject
    AddressGuard guard;
    @Inject
    Sender sender;
    @Inject
    WebhookConfig config;
    @Inject
    MeterRegistry metrics;

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> thread(r, "webhook-dispatch"));
    // DNS lookups and the settling writes block: they run here, never on the event loop
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> thread(r, "webhook-worker"));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong queueAgeMillis = new AtomicLong();
    private final Map<DeliveryStore.Settled, Counter> outcomes = new EnumMap<>(DeliveryStore.Settled.class);
    /** Per subscription this replica has attempted: its failure streak as stored after the latest attempt. */
    private final Map<String, AtomicInteger> streaks = new ConcurrentHashMap<>();

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @jakarta.annotation.PostConstruct
    void meters() {
        for (DeliveryStore.Settled s : DeliveryStore.Settled.values()) {
            outcomes.put(s, Counter.builder("agentplane.webhooks.deliveries")
                    .description("Webhook attempts by what became of their delivery")
                    .tag("outcome", s.name().toLowerCase(Locale.ROOT)).register(metrics));
        }
        Gauge.builder("agentplane.webhooks.queue.age", queueAgeMillis, v -> v.get() / 1000.0)
                .description("Seconds the oldest due delivery has waited").baseUnit("seconds").register(metrics);
        Gauge.builder("agentplane.webhooks.in.flight", total, AtomicInteger::get)
                .description("Attempts running in this process").register(metrics);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped.set(true);
        loop.shutdownNow();
        workers.shutdown();
    }

    @Scheduled(every = "${agentplane.webhooks.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    /**
     * Brings the streak gauges up to date with what other replicas and the API did (a delivery elsewhere ended a
     * streak; a webhook was deleted or enabled again).
     */
    @Scheduled(every = "${agentplane.webhooks.streak-refresh:1m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshStreaks() {
        if (streaks.isEmpty()) {
            return;
        }
        try {
            Map<String, Integer> stored = store.failureStreaks(streaks.keySet().toArray(String[]::new));
            for (String id : List.copyOf(streaks.keySet())) {
                Integer streak = stored.get(id);
                if (streak == null) {
                    streak(id, new DeliveryStore.Settlement(DeliveryStore.Settled.FAILED, 0, true));
                } else {
                    streaks.get(id).set(streak);
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("webhook streak refresh failed, retried later: %s", e.getMessage());
        }
    }

    /** Asks for a drain soon; calls while one is queued are merged into it. */
    public void wake() {
        if (!stopped.get() && scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    scheduled.set(false);
                    drain();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        try {
            queueAgeMillis.set(Math.round(store.queueAgeSeconds() * 1000));
            while (!stopped.get()) {
                int free = config.maxInFlight() - total.get();
                if (free <= 0) {
                    return;
                }
                String[] ids = inFlight.entrySet().stream().filter(e -> e.getValue().get() > 0)
                        .map(Map.Entry::getKey).toArray(String[]::new);
                Integer[] counts = new Integer[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    AtomicInteger n = inFlight.get(ids[i]);
                    counts[i] = n == null ? 0 : n.get();
                }
                List<DeliveryStore.Claimed> claimed = store.claim(Math.min(free, 100), config.perEndpointConcurrency(),
                        ids, counts);
                if (claimed.isEmpty()) {
                    return;
                }
                for (DeliveryStore.Claimed c : claimed) {
                    inFlight.computeIfAbsent(c.subscriptionId(), k -> new AtomicInteger()).incrementAndGet();
                    total.incrementAndGet();
                    workers.execute(() -> attempt(c));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("webhook dispatch failed, retried at the next poll: %s", e.getMessage());
        }
    }

    private void attempt(DeliveryStore.Claimed c) {
        Instant attemptedAt = Instant.now();
        AddressGuard.Target target;
        try {
            target = guard.check(c.url());
        } catch (AddressGuard.Refused e) {
            finish(c, attemptedAt, new DeliveryStore.Outcome(null, 0, "refused: the URL " + e.getMessage(), null));
            return;
        } catch (RuntimeException e) {
            finish(c, attemptedAt, new DeliveryStore.Outcome(null, 0, "refused: the URL could not be checked", null));
            return;
        }
        long timestamp = attemptedAt.getEpochSecond();
        String signature = Signer.header(c.secrets(), c.messageId(), timestamp, c.payload());
        sender.send(target, c.messageId(), timestamp, signature, c.payload())
                .whenComplete((outcome, e) -> workers.execute(() -> finish(c, attemptedAt, e == null ? outcome
                        : new DeliveryStore.Outcome(null, 0, Sender.describe(e), null))));
    }

    /**
     * The per-endpoint failure streak gauge, tagged by webhook id only (never the URL: it may carry credentials or
     * tokens in its path or query). Dropped when its subscription is gone.
     */
    private void streak(String subscriptionId, DeliveryStore.Settlement settled) {
        if (settled.subscriptionGone()) {
            if (streaks.remove(subscriptionId) != null) {
                metrics.find(STREAK).tag("webhook", subscriptionId).gauges().forEach(metrics::remove);
            }
            return;
        }
        streaks.computeIfAbsent(subscriptionId, id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(STREAK, value, AtomicInteger::get)
                    .description("Consecutive failed attempts of one webhook endpoint (0 after a delivery)")
                    .tag("webhook", id).register(metrics);
            return value;
        }).set(settled.failureStreak());
    }

    private void finish(DeliveryStore.Claimed c, Instant attemptedAt, DeliveryStore.Outcome outcome) {
        try {
            DeliveryStore.Settlement settled = store.settle(c, attemptedAt, outcome);
            outcomes.get(settled.outcome()).increment();
            streak(c.subscriptionId(), settled);
        } catch (RuntimeException e) {
            // the claim expires and another drain tries again: at least once
            LOG.warnf("could not record webhook attempt %s: %s", c.id(), e.getMessage());
        } finally {
            // entries stay (one per subscription seen): removing them would race with the next claim's increment
            inFlight.get(c.subscriptionId()).decrementAndGet();
            total.decrementAndGet();
            wake();
        }
    }
}
