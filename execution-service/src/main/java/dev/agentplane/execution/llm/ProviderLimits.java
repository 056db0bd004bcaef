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
 * Keeps each credential's calls under the provider's limits as its rate-limit headers state them — requests and
 * tokens per window, each with its reset: a call that would pass one waits for its reset in a queue that takes
 * workspaces in turn (one workspace's burst waits behind itself, not in front of the others), up to its wait
 * budget. A call counts its estimated tokens (prompt and max tokens, as providers count them) until the provider
 * states what is left. A 429 closes the credential until the reset it last announced. Per replica: replicas sharing
 * a credential each learn the limits from the answers.
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

    /**
     * Waits (blocking, worker threads only) until a call of this workspace that may use {@code tokens} may go to the
     * endpoint.
     */
    void acquire(Endpoint endpoint, String workspaceId, long deadline, int tokens) throws Exhausted {
        Gate gate = gate(endpoint);
        long started = System.nanoTime();
        Ticket ticket = new Ticket(deadline, tokens);
        synchronized (gate) {
            long now = System.currentTimeMillis();
            if (gate.waitingCount == 0 && gate.free(now, tokens)) {
                gate.take(tokens);
                return;
            }
            long opens = gate.opensAt(tokens);
            if (opens > deadline) {
                throw new Exhausted(opens - now);
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
                    throw new Exhausted(Math.max(1000, gate.opensAt(tokens) - System.currentTimeMillis()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (gate) {
                if (!gate.forget(ticket)) {
                    release(endpoint, tokens);
                }
            }
            throw new Exhausted(1000);
        } finally {
            gate.waited.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The call that was let through with {@code tokens} is over (answered or failed). */
    void release(Endpoint endpoint, int tokens) {
        Gate gate = gate(endpoint);
        synchronized (gate) {
            gate.inFlight = Math.max(0, gate.inFlight - 1);
            gate.inFlightTokens = Math.max(0, gate.inFlightTokens - tokens);
            pump(gate);
        }
    }

    /** What the provider's headers said of the limit, on an answer of this endpoint. */
    void observed(Endpoint endpoint, RateHeaders headers) {
        if (headers.remaining() < 0 && headers.tokensRemaining() < 0) {
            return;
        }
        Gate gate = gate(endpoint);
        synchronized (gate) {
            long now = System.currentTimeMillis();
            // the answer's count already has this call; calls still in flight will take theirs
            if (headers.remaining() >= 0) {
                gate.limit = headers.limit();
                gate.remaining = Math.max(0, headers.remaining() - Math.max(0, gate.inFlight - 1));
                gate.window = Math.max(headers.resetMillis(), 1);
                gate.resetAt = now + gate.window;
            }
            if (headers.tokensRemaining() >= 0) {
                long others = gate.inFlight <= 1 ? 0 : gate.inFlightTokens - gate.inFlightTokens / gate.inFlight;
                gate.tokenLimit = headers.tokenLimit();
                gate.tokensRemaining = Math.max(0, headers.tokensRemaining() - others);
                gate.tokensWindow = Math.max(headers.tokensResetMillis(), 1);
                gate.tokensResetAt = now + gate.tokensWindow;
            }
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
            // whichever limit it was: closed until the later of the resets still ahead
            long reset = Math.max(gate.resetAt, gate.tokensRemaining >= 0 ? gate.tokensResetAt : 0);
            gate.remaining = 0;
            gate.resetAt = reset > now ? reset : now + Math.max(1, backoffMillis);
        }
    }

    private void pump(Gate gate) {
        long now = System.currentTimeMillis();
        while (gate.waitingCount > 0) {
            Iterator<Map.Entry<String, PriorityQueue<Ticket>>> turn = gate.waiting.entrySet().iterator();
            Map.Entry<String, PriorityQueue<Ticket>> next = turn.next();
            if (!gate.free(now, next.getValue().peek().tokens)) {
                break;
            }
            Ticket ticket = next.getValue().poll();
            turn.remove();
            if (!next.getValue().isEmpty()) {
                gate.waiting.put(next.getKey(), next.getValue()); // to the back: workspaces take turns
            }
            gate.waitingCount--;
            gate.take(ticket.tokens);
            ticket.complete(null);
        }
        long opens = gate.waitingCount == 0 ? 0 : gate.opensAt(gate.waiting.values().iterator().next().peek().tokens);
        if (gate.waitingCount > 0 && !gate.wakeScheduled && opens > now) {
            gate.wakeScheduled = true;
            timer.schedule(() -> {
                synchronized (gate) {
                    gate.wakeScheduled = false;
                    pump(gate);
                }
            }, opens - now + 5, TimeUnit.MILLISECONDS);
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

    /** A waiting call and the tokens it may use: granted when completed. */
    private static final class Ticket extends CompletableFuture<Void> implements Comparable<Ticket> {
        final long deadline;
        final int tokens;

        Ticket(long deadline, int tokens) {
            this.deadline = deadline;
            this.tokens = tokens;
        }

        @Override
        public int compareTo(Ticket other) {
            return Long.compare(deadline, other.deadline);
        }
    }

    /** One credential's limits as last stated, its calls in flight and its waiting calls by workspace. */
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
        /** The token limit, as the request limit; -1 while no header has said. */
        int tokenLimit = -1;
        long tokensRemaining = -1;
        long tokensResetAt;
        long tokensWindow = 1000;
        /** The estimated tokens of the calls in flight. */
        long inFlightTokens;
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

        /** Whether a call that may use {@code tokens} may go now. */
        boolean free(long now, int tokens) {
            if (remaining >= 0 && resetAt <= now) {
                remaining = limit > 0 ? limit : -1; // a new window
                resetAt = now + window;
            }
            if (tokensRemaining >= 0 && tokensResetAt <= now) {
                tokensRemaining = tokenLimit > 0 ? tokenLimit : -1;
                tokensResetAt = now + tokensWindow;
            }
            boolean requests = remaining < 0 ? inFlight < unknownConcurrency : remaining > 0;
            return requests && tokensFor(tokens);
        }

        /** A call larger than the whole token limit goes when the window is untouched (else it never would). */
        private boolean tokensFor(int tokens) {
            return tokensRemaining < 0 || tokensRemaining >= (tokenLimit > 0 ? Math.min(tokens, tokenLimit) : tokens);
        }

        /** When a call that may use {@code tokens} can go at the earliest, as far as the limits tell; 0: now. */
        long opensAt(int tokens) {
            long at = remaining == 0 ? resetAt : 0;
            return tokensFor(tokens) ? at : Math.max(at, tokensResetAt);
        }

        void take(int tokens) {
            inFlight++;
            inFlightTokens += tokens;
            if (remaining > 0) {
                remaining--;
            }
            if (tokensRemaining >= 0) {
                tokensRemaining = Math.max(0, tokensRemaining - tokens);
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
