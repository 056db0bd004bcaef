package dev.agentplane.billing.credits;

import dev.agentplane.billing.credits.CreditRecords.*;
import dev.agentplane.billing.credits.ReservationService.Draw;
import dev.agentplane.billing.credits.ReservationService.Settlement;
import dev.agentplane.billing.pricing.PricingService;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leases: a block of a workspace's credits reserved for one execution-service replica and one model,
 * from which the replica draws each execution's hold in memory instead of calling billing per
 * execution. The lease's amount sits in the account's {@code reserved} until the executions settle,
 * the replica closes the lease (releasing what it did not draw) or the lease expires.
 *
 * <p>Every step locks the workspace's account before the lease row, so grants, closes, settlements
 * and the expiry sweep serialise per workspace with the holds, and available credits never go below zero.
 */
@ApplicationScoped
public class LeaseService {
    private static final Logger LOG = Logger.getLogger(LeaseService.class);

    @Inject
    EntityManager em;
    @Inject
    CreditService credits;
    @Inject
    SettlementLog settlements;
    @Inject
    PricingService pricing;

    /** The most of the available credits one lease may take, so that other replicas and models still find credits. */
    @ConfigProperty(name = "billing.leases.max-share", defaultValue = "0.25")
    BigDecimal maxShare;

    @PostConstruct
    void checkMaxShare() {
        if (maxShare.signum() <= 0 || maxShare.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalStateException("billing.leases.max-share must be above 0 and at most 1, not " + maxShare);
        }
    }

    /** Reserves min(wanted, the max share of the available credits), or 409 when that is below the minimum. */
    @Transactional
    public LeaseView grant(Caller caller, LeaseRequest request) {
        String ws = ReservationService.workspaceOf(caller);
        if (request.minimum() > request.wanted()) {
            throw ApiException.invalid("minimum", "must not exceed wanted");
        }
        CreditAccount account = credits.lock(ws);
        long available = account == null ? 0 : account.available();
        long amount = Math.min(request.wanted(), shareOf(available));
        if (amount < request.minimum()) {
            throw new ApiException(409, "LEASE_NOT_GRANTED", "The workspace has " + available
                    + " micro-credits available; a lease may take " + shareOf(available) + " of them, less than the minimum "
                    + request.minimum() + ".", List.of(), Map.of("available", available));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Lease lease = new Lease();
        lease.id = "lease_" + UUID.randomUUID();
        lease.workspaceId = ws;
        lease.tenantId = caller.tenantId();
        lease.model = request.model();
        lease.amount = amount;
        lease.status = Lease.OPEN;
        lease.createdAt = now;
        int ttl = request.ttlSeconds() == null ? ReservationService.DEFAULT_TTL_SECONDS : request.ttlSeconds();
        lease.expiresAt = now.plusSeconds(ttl);
        lease.persist();
        account.reserved += amount;
        credits.record(account, "lease", 0, amount, null, lease.id);
        return LeaseView.of(lease, account, PriceView.of(pricing.ruleFor(request.model())));
    }

    private long shareOf(long available) {
        return BigDecimal.valueOf(available).multiply(maxShare).setScale(0, RoundingMode.FLOOR).longValue();
    }

    /**
     * Records what the replica drew and releases the rest. A closed or expired lease is answered as it
     * is, so a retried close changes nothing.
     */
    @Transactional
    public ClosedLeaseView close(Caller caller, String leaseId, long drawn) {
        String ws = ReservationService.workspaceOf(caller);
        CreditAccount account = credits.lock(ws);
        Lease lease = account == null ? null : lock(ws, leaseId);
        if (lease == null) {
            throw ApiException.notFound("LEASE_NOT_FOUND", "No credit lease '" + leaseId + "'.");
        }
        if (drawn > lease.amount) {
            throw ApiException.invalid("drawn", "must not exceed the lease's amount " + lease.amount);
        }
        if (!Lease.OPEN.equals(lease.status)) {
            return ClosedLeaseView.of(lease, 0, account);
        }
        // every settled execution drew its hold from the lease: reporting less would release credits twice
        if (drawn < lease.settled) {
            throw ApiException.invalid("drawn", "must be at least the " + lease.settled
                    + " already settled against the lease");
        }
        long release = lease.amount - drawn;
        lease.drawn = drawn;
        lease.status = Lease.CLOSED;
        lease.closedAt = Instant.now();
        account.reserved -= release;
        credits.record(account, "lease-release", 0, -release, null, lease.id);
        return ClosedLeaseView.of(lease, release, account);
    }

    /**
     * Settles an execution whose hold was drawn from a lease: its reservation row is written already
     * settled, the balance pays the cost and the hold leaves the lease's part of {@code reserved} — unless
     * the lease expired, whose remainder the sweep has released already. Redeliveries (the row exists) and
     * draws from leases the workspace does not have are skipped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void settleDraw(Settlement s) {
        Draw draw = s.draw();
        CreditAccount account = credits.lock(s.workspaceId());
        // under the account lock: a concurrent settlement of the same execution has committed or not begun
        if (ReservationService.lookup(s.workspaceId(), s.executionId(), false) != null) {
            return;
        }
        Lease lease = account == null ? null : lock(s.workspaceId(), draw.leaseId());
        if (lease == null) {
            LOG.warnf("execution %s of workspace %s drew from lease %s, which the workspace does not have; not settled",
                    s.executionId(), s.workspaceId(), draw.leaseId());
            return;
        }
        long reservedRelease = Math.min(draw.hold(), lease.outstanding());
        lease.settled += reservedRelease;
        Reservation r = drawnReservation(s, lease);
        String note;
        if (s.capture() != null) {
            long cost = s.capture().amount();
            // reserved may not exceed the balance: only after expiry (or a hold beyond the lease) can this bind
            long payable = account.available() + reservedRelease;
            r.status = "captured";
            r.charged = Math.min(cost, Math.min(r.amount, payable));
            r.released = r.amount - r.charged;
            r.inputTokens = s.capture().inputTokens() == null ? 0 : s.capture().inputTokens();
            r.outputTokens = s.capture().outputTokens() == null ? 0 : s.capture().outputTokens();
            note = r.charged == cost ? null : "capped at the " + (r.charged == r.amount ? "reservation" : "available credits")
                    + "; requested " + cost;
            if (r.charged < Math.min(cost, r.amount)) {
                LOG.warnf("execution %s of workspace %s cost %d but only %d micro-credits were left to charge (lease %s)",
                        s.executionId(), s.workspaceId(), cost, r.charged, lease.id);
            }
        } else {
            r.status = "released";
            r.released = r.amount;
            r.reason = s.releaseReason();
            note = r.reason;
        }
        r.persist();
        account.balance -= r.charged;
        account.reserved -= reservedRelease;
        settlements.settled(r, account, -reservedRelease, note);
    }

    private static Reservation drawnReservation(Settlement s, Lease lease) {
        Reservation r = new Reservation();
        r.workspaceId = s.workspaceId();
        r.executionId = s.executionId();
        r.tenantId = lease.tenantId;
        r.leaseId = lease.id;
        r.amount = s.draw().hold();
        r.agentId = s.draw().agentId();
        r.model = s.draw().model() != null ? s.draw().model() : lease.model;
        r.expiresAt = lease.expiresAt;
        r.createdAt = Instant.now();
        r.settledAt = r.createdAt;
        return r;
    }

    /**
     * Expires a lease whose time ran out, releasing what of it the account still holds; false when it is
     * not due (any more), e.g. another replica's sweep took it first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean expire(String workspaceId, String leaseId) {
        CreditAccount account = credits.lock(workspaceId);
        List<?> due = account == null ? List.of() : em.createNativeQuery("select * from credit_lease where id = ?1 "
                + "and status in ('open', 'closed') and expires_at < now() for update skip locked", Lease.class)
                .setParameter(1, leaseId).getResultList();
        if (due.isEmpty()) {
            return false;
        }
        Lease lease = (Lease) due.get(0);
        long release = lease.outstanding();
        lease.status = Lease.EXPIRED;
        account.reserved -= release;
        credits.record(account, "lease-expired", 0, -release, null, lease.id);
        return true;
    }

    /** The workspace's lease, locked for the rest of the transaction (after the account); null when it has none. */
    private static Lease lock(String workspaceId, String leaseId) {
        return Lease.find("id = ?1 and workspaceId = ?2", leaseId, workspaceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
