package dev.agentplane.execution.billing;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds drawn in memory from leases, so that a running execution does not wait for billing: a lease is
 * a block of a workspace's credits that billing reserves for this replica and one model (at most a
 * share of what is available, so other replicas still find credits). An execution's hold is priced by
 * the lease's rule and taken from it; billing settles each execution from its {@code agent.executed}
 * (which names the lease and the hold), and frees what was never drawn when the lease is closed —
 * after {@code draw-for}, when it runs dry, or when this replica stops. A lease this replica never
 * closes (a crash) is closed by its next start or by another replica ({@link HeldLeases}).
 * <p>
 * When billing grants no lease (few credits left, or a billing service without leases), executions
 * fall back to a hold of their own ({@link Credits#reserve}), so a 402 stays exact for low balances.
 */
@ApplicationScoped
public class CreditLeases {
    private static final Logger LOG = Logger.getLogger(CreditLeases.class);
    private static final int MAX_KEYS = 10_000;

    @Inject
    @RestClient
    BillingApi api;
    @Inject
    ManagedExecutor executor;
    @Inject
    HeldLeases held;

    @ConfigProperty(name = "agentplane.credits.leases.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "agentplane.credits.leases.executions", defaultValue = "200")
    int executionsPerLease;
    @ConfigProperty(name = "agentplane.credits.leases.minimum-executions", defaultValue = "4")
    int minimumExecutions;
    @ConfigProperty(name = "agentplane.credits.leases.draw-for", defaultValue = "30s")
    Duration drawFor;
    @ConfigProperty(name = "agentplane.credits.leases.retry-after", defaultValue = "10s")
    Duration retryAfter;
    @ConfigProperty(name = "agentplane.credits.reservation-ttl-seconds", defaultValue = "900")
    int leaseTtlSeconds;

    private record Key(String workspaceId, String model) {
    }

    private final ConcurrentHashMap<Key, Lease> leases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Object> renewing = new ConcurrentHashMap<>();
    /** The pricing rule billing last named for a workspace and model: leases are sized by it. */
    private final ConcurrentHashMap<Key, Credits.Price> prices = new ConcurrentHashMap<>();
    /** Until when (System.nanoTime) billing is not asked again for a lease it refused. */
    private final ConcurrentHashMap<Key, Long> refusedUntil = new ConcurrentHashMap<>();

    /**
     * A hold for the most this execution can use, drawn from this replica's lease (renewed when it
     * cannot cover it); empty when billing grants no lease, and the execution is then held on its own.
     */
    public Optional<Credits.Hold> draw(Caller caller, Credits.Charge most) {
        if (!enabled || caller.workspaceId() == null) {
            return Optional.empty();
        }
        Key key = new Key(caller.workspaceId(), most.model());
        Credits.Price price = prices.get(key);
        if (price == null) {
            // a lease is sized in holds; until one hold on this model told the rule, executions hold on their own
            return Optional.empty();
        }
        Lease current = leases.get(key);
        Optional<Credits.Hold> hold = drawFrom(current, most);
        if (hold.isPresent()) {
            if (current.runningLow() && current.startRefill()) {
                // the next lease is taken before this one runs dry, so that no execution waits for it
                executor.execute(() -> renew(caller, key, current, priced(price, most)));
            }
            return hold;
        }
        Lease renewed = renew(caller, key, current, priced(price, most));
        return renewed == null ? Optional.empty() : drawFrom(renewed, most);
    }

    /**
     * Replaces {@code current} by a new lease (one renewal per workspace and model at a time: the others
     * wait for it and use its lease) and closes it; the lease in place, or null when billing grants none.
     */
    private Lease renew(Caller caller, Key key, Lease current, long perExecution) {
        synchronized (renewing.computeIfAbsent(key, k -> new Object())) {
            Lease inPlace = leases.get(key);
            if (inPlace != current && inPlace != null) {
                return inPlace;
            }
            if (refused(key)) {
                return null;
            }
            Lease renewed = grant(caller, key, perExecution);
            if (renewed == null) {
                return null;
            }
            leases.put(key, renewed);
            if (current != null) {
                closeLater(current);
            }
            return renewed;
        }
    }

    /** Learns the rule a hold of the workspace's own was priced by, so that its next executions can lease. */
    public void learn(Caller caller, String model, Credits.Hold hold) {
        if (enabled && hold.price() != null && caller.workspaceId() != null) {
            prices.put(new Key(caller.workspaceId(), model), hold.price());
        }
    }

    /** Gives back a hold of an execution that never started; after the lease closed, its expiry frees it. */
    public void undraw(Credits.Hold hold) {
        for (Lease lease : leases.values()) {
            if (lease.id.equals(hold.leaseId())) {
                lease.giveBack(hold.amount());
                return;
            }
        }
    }

    /** Closes leases whose drawing time is over, so billing frees what they did not use. */
    @Scheduled(every = "${agentplane.credits.leases.sweep-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeStale() {
        long now = System.nanoTime();
        refusedUntil.values().removeIf(until -> until - now < 0);
        if (prices.size() > MAX_KEYS) {
            // workspaces that stopped running are forgotten; their next execution is held on its own again
            prices.clear();
            renewing.keySet().retainAll(leases.keySet());
        }
        leases.forEach((key, lease) -> {
            if (lease.drawableUntil - now < 0 && leases.remove(key, lease)) {
                close(lease);
            }
        });
    }

    void onStop(@Observes ShutdownEvent stop) {
        List<Lease> open = List.copyOf(leases.values());
        leases.clear();
        open.forEach(this::close);
    }

    private Optional<Credits.Hold> drawFrom(Lease lease, Credits.Charge most) {
        if (lease == null) {
            return Optional.empty();
        }
        long amount = priced(lease.price, most);
        long remaining = lease.take(amount);
        if (remaining < 0) {
            return Optional.empty();
        }
        return Optional.of(new Credits.Hold(amount, lease.availableAtGrant + remaining, lease.price, lease.id));
    }

    private static long priced(Credits.Price price, Credits.Charge most) {
        return price.baseCost() + (long) most.inputTokens() * price.inputTokenPrice()
                + (long) most.outputTokens() * price.outputTokenPrice();
    }

    private boolean refused(Key key) {
        Long until = refusedUntil.get(key);
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() > 0) {
            return true;
        }
        refusedUntil.remove(key, until);
        return false;
    }

    /** A new lease from billing sized for the next executions, or null when billing grants none. */
    private Lease grant(Caller caller, Key key, long perExecution) {
        BillingApi.LeaseAnswer granted;
        try {
            granted = api.lease(caller, new BillingApi.LeaseBody(key.model(), perExecution * executionsPerLease,
                    perExecution * minimumExecutions, leaseTtlSeconds));
        } catch (DependencyErrors.Refused e) {
            // 409: too few credits for a lease; 404: a billing service without leases
            if (e.refusedWith() != 409 && e.refusedWith() != 404) {
                LOG.warnf("billing refused a credit lease with %d (%s); holding per execution", e.refusedWith(),
                        e.refusalCode());
            }
            refuse(key);
            return null;
        } catch (RuntimeException unavailable) {
            refuse(key);
            return null;
        }
        try {
            held.held(granted.leaseId(), caller);
        } catch (RuntimeException e) {
            // not written down, it could outlive a crash of this replica: give it back rather than draw from it
            LOG.warnf("could not record credit lease %s (%s); holding per execution", granted.leaseId(), e.getMessage());
            closeQuietly(caller, granted.leaseId(), 0);
            refuse(key);
            return null;
        }
        Lease lease = new Lease(granted.leaseId(), granted.amount(), granted.available(), granted.price().toPrice(),
                drawFor, caller);
        prices.put(key, lease.price);
        return lease;
    }

    private void refuse(Key key) {
        refusedUntil.put(key, System.nanoTime() + retryAfter.toNanos());
    }

    private void closeLater(Lease lease) {
        executor.execute(() -> close(lease));
    }

    private void close(Lease lease) {
        if (closeQuietly(lease.caller, lease.id, lease.close())) {
            try {
                held.closed(lease.id);
            } catch (RuntimeException e) {
                // the row outlives this replica; whoever sweeps it then closes the lease again, which changes nothing
                LOG.warnf("could not forget closed credit lease %s (%s)", lease.id, e.getMessage());
            }
        }
    }

    private boolean closeQuietly(Caller caller, String leaseId, long drawn) {
        try {
            api.closeLease(caller, leaseId, new BillingApi.CloseLeaseBody(drawn));
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("could not close credit lease %s (%s); closed after this replica stops, or expires", leaseId,
                    e.getMessage());
            return false;
        }
    }

    /** One lease: what was drawn from it, guarded by its monitor so that no draw slips past its close. */
    private static final class Lease {
        final String id;
        final long amount;
        final long availableAtGrant;
        final Credits.Price price;
        final long drawableUntil;
        /** When the next lease is taken even if this one still has credits: a sixth of draw-for before its end. */
        final long refillFrom;
        final Caller caller;
        private long drawn;
        private boolean closed;
        private boolean refilling;

        Lease(String id, long amount, long availableAtGrant, Credits.Price price, Duration drawFor, Caller caller) {
            this.id = id;
            this.amount = amount;
            this.availableAtGrant = availableAtGrant;
            this.price = price;
            long now = System.nanoTime();
            this.drawableUntil = now + drawFor.toNanos();
            this.refillFrom = drawableUntil - drawFor.toNanos() / 6;
            this.caller = caller;
        }

        /** What is left after drawing {@code hold}, or -1 when the lease cannot cover it (nothing drawn). */
        synchronized long take(long hold) {
            if (closed || drawableUntil - System.nanoTime() < 0 || drawn + hold > amount) {
                return -1;
            }
            drawn += hold;
            return amount - drawn;
        }

        /** A quarter or less of it is left, or its drawing time is nearly over: time to take the next one. */
        synchronized boolean runningLow() {
            return amount - drawn <= amount / 4 || refillFrom - System.nanoTime() < 0;
        }

        /** True for the one caller that is to take the next lease. */
        synchronized boolean startRefill() {
            if (refilling) {
                return false;
            }
            refilling = true;
            return true;
        }

        synchronized void giveBack(long hold) {
            if (!closed) {
                drawn -= Math.min(hold, drawn);
            }
        }

        /** Closes it and answers what was drawn; nothing more can be drawn afterwards. */
        synchronized long close() {
            closed = true;
            return drawn;
        }
    }
}
