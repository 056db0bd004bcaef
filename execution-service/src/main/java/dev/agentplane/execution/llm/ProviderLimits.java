package dev.agentplane.execution.llm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps each credential's calls under the provider's request limit, as its rate-limit headers state it: a call
 * that would pass it waits for the limit's reset in a queue that takes workspaces in turn (one workspace's burst
 * waits behind itself, not in front of the others), up to its wait budget. A 429 closes the credential until the
 * reset it last announced. Per replica: replicas sharing a credential each learn the limit from the answers.
 */
@ApplicationScoped
public class ProviderLimits {
    @Inject
    LlmConfig config;
    @Inject
    MeterRegistry registry;

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "provider-limits");
        t.setDaemon(true);
        return t;
    });

    /** The call waited past its budget, or the reset is past it; {@code retryAfterMillis} until the limit resets. */
    static final class Exhausted extends Exception {
        final long retryAfterMillis;

        Exhausted(long retryAfterMillis) {
            super(null, null, false, false);
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    /** Waits (blocking, worker threads only) until a call of this workspace may go to the endpoint. */
    void acquire(Endpoint endpoint, String workspaceId, long deadline) throws Exhausted {
        Gate gate = gate(endpoint);
        long started = System.nanoTime();
        Ticket ticket = new Ticket(deadline);
        synchronized (gate) {
            long now = System.currentTimeMillis();
            if (gate.waitingCount == 0 && gate.free(now)) {
                gate.take();
                return;
            }
            if (gate.remaining == 0 && gate.resetAt > deadline) {
                throw new Exhausted(gate.resetAt - now);
            }
            gate.waiting.computeIfAbsent(workspaceId == null ? "" : workspaceId, w -> new PriorityQueue<>()).add(ticket);
            gate.waitingCount++;
            pump(gate);
        }
        try {
            ticket.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            synchronized (gate) {
                if (!ticket.isDone() || ticket.isCompletedExceptionally()) {
                    gate.forget(ticket);
                    throw new Exhausted(Math.max(1000, gate.resetAt - System.currentTimeMillis()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (gate) {
                if (!gate.forget(ticket)) {
                    release(endpoint);
                }
            }
            throw new Exhausted(1000);
        } finally {
            gate.waited.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The call is over (answered or failed). */
    void release(Endpoint endpoint) {
        Gate gate = gate(endpoint);
        synchronized (gate) {
            gate.inFlight = Math.max(0, gate.inFlight - 1);
            pump(gate);
        }
    }

    /** What the provider's headers said of the limit, on an answer of this endpoint. */
    void observed(Endpoint endpoint, RateHeaders headers) {
        if (headers.remaining() < 0) {
            return;
        }
        Gate gate = gate(endpoint);
        synchronized (gate) {
            // the answer's count already has this call; calls still in flight will take theirs
            gate.limit = headers.limit();
            gate.remaining = Math.max(0, headers.remaining() - Math.max(0, gate.inFlight - 1));
            gate.window = Math.max(headers.resetMillis(), 1);
            gate.resetAt = System.currentTimeMillis() + gate.window;
        }
    }

    /**
     * The provider answered 429: no call goes until the reset it announced last, or, when it announced none still
     * ahead, {@code backoffMillis} from now.
     */
    void rateLimited(Endpoint endpoint, long backoffMillis) {
        Gate gate = gate(endpoint);
        synchronized (gate) {
            long now = System.currentTimeMillis();
            gate.remaining = 0;
            gate.resetAt = gate.resetAt > now ? gate.resetAt : now + Math.max(1, backoffMillis);
        }
    }

    private void pump(Gate gate) {
        long now = System.currentTimeMillis();
        while (gate.waitingCount > 0 && gate.free(now)) {
            Iterator<Map.Entry<String, PriorityQueue<Ticket>>> turn = gate.waiting.entrySet().iterator();
            Map.Entry<String, PriorityQueue<Ticket>> next = turn.next();
            Ticket ticket = next.getValue().poll();
            turn.remove();
            if (!next.getValue().isEmpty()) {
                gate.waiting.put(next.getKey(), next.getValue()); // to the back: workspaces take turns
            }
            gate.waitingCount--;
            gate.take();
            ticket.complete(null);
        }
        if (gate.waitingCount > 0 && !gate.wakeScheduled && gate.resetAt > now) {
            gate.wakeScheduled = true;
            timer.schedule(() -> {
                synchronized (gate) {
                    gate.wakeScheduled = false;
                    pump(gate);
                }
            }, gate.resetAt - now + 5, TimeUnit.MILLISECONDS);
        }
    }

    private Gate gate(Endpoint endpoint) {
        return gates.computeIfAbsent(endpoint.tag(), tag -> new Gate(tag, config.queue().unknownLimitConcurrency(),
                registry));
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }

    /** A waiting call: granted when completed. */
    private static final class Ticket extends CompletableFuture<Void> implements Comparable<Ticket> {
        final long deadline;

        Ticket(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public int compareTo(Ticket other) {
            return Long.compare(deadline, other.deadline);
        }
    }

    /** One credential's limit as last stated, its calls in flight and its waiting calls by workspace. */
    private static final class Gate {
        final int unknownConcurrency;
        /** Per workspace in turn order; within one, the call with the nearest deadline first (sync before async). */
        final LinkedHashMap<String, PriorityQueue<Ticket>> waiting = new LinkedHashMap<>();
        final Timer waited;
        int waitingCount;
        int limit = -1;
        /** -1 while no header has said. */
        int remaining = -1;
        long resetAt;
        /** The last stated time to reset: a refilled window is assumed to last as long until an answer says. */
        long window = 1000;
        int inFlight;
        boolean wakeScheduled;

        Gate(String tag, int unknownConcurrency, MeterRegistry registry) {
            this.unknownConcurrency = unknownConcurrency;
            Gauge.builder("agentplane.provider.queue.depth", this, g -> g.waitingCount)
                    .description("Model calls waiting for a provider credential's rate limit").tag("credential", tag)
                    .register(registry);
            this.waited = Timer.builder("agentplane.provider.queue.wait")
                    .description("Time model calls waited for a provider credential's rate limit")
                    .tag("credential", tag).register(registry);
        }

        boolean free(long now) {
            if (remaining >= 0 && resetAt <= now) {
                remaining = limit > 0 ? limit : -1; // a new window
                resetAt = now + window;
            }
            return remaining < 0 ? inFlight < unknownConcurrency : remaining > 0;
        }

        void take() {
            inFlight++;
            if (remaining > 0) {
                remaining--;
            }
        }

        /** Drops a waiting ticket; false when it was not waiting any more (it had been granted). */
        boolean forget(Ticket ticket) {
            for (Iterator<PriorityQueue<Ticket>> it = waiting.values().iterator(); it.hasNext(); ) {
                PriorityQueue<Ticket> queue = it.next();
                if (queue.remove(ticket)) {
                    waitingCount--;
                    if (queue.isEmpty()) {
                        it.remove();
                    }
                    return true;
                }
            }
            return false;
        }
    }
}
