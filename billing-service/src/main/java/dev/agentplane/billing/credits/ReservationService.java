package dev.agentplane.billing.credits;

import dev.agentplane.billing.credits.CreditRecords.*;
import dev.agentplane.billing.pricing.PricingRecords;
import dev.agentplane.billing.pricing.PricingService;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Holds for executions, each step idempotent by execution id. Lock order is always reservation,
 * then account, so concurrent steps never deadlock; the account lock makes concurrent holds
 * serialise, so available credits never go below zero.
 */
@ApplicationScoped
public class ReservationService {
    public static final String CHARGED = "credits.charged";
    public static final String REFUNDED = "credits.refunded";
    static final int DEFAULT_TTL_SECONDS = 900;

    @Inject
    EntityManager em;
    @Inject
    CreditService credits;
    @Inject
    EventPublisher events;
    @Inject
    PricingService pricing;

    /** Holds the amount; the boolean of the answer says whether this call created the hold. */
    @Transactional
    public Map.Entry<Boolean, ReservationView> reserve(Caller caller, Reserve request) {
        String ws = workspaceOf(caller);
        int ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        long amount = amountOf(request.amount(), request.model(), request.inputTokens(), request.outputTokens());
        int inserted = em.createNativeQuery("insert into credit_reservation (workspace_id, tenant_id, execution_id, "
                        + "amount, status, agent_id, model, expires_at) values (?1, ?2, ?3, ?4, 'held', ?5, ?6, "
                        + "now() + make_interval(secs => ?7)) on conflict do nothing")
                .setParameter(1, ws).setParameter(2, caller.tenantId()).setParameter(3, request.executionId())
                .setParameter(4, amount).setParameter(5, request.agentId()).setParameter(6, request.model())
                .setParameter(7, ttl).executeUpdate();
        Reservation reservation = find(ws, request.executionId(), false);
        if (inserted == 0) {
            return Map.entry(false, ReservationView.of(reservation, CreditAccount.findById(ws)));
        }
        CreditAccount account = credits.lock(ws);
        if (account == null || account.available() < amount) {
            long available = account == null ? 0 : account.available();
            throw new ApiException(402, "INSUFFICIENT_CREDITS", "The workspace has " + available
                    + " micro-credits available; this execution needs " + amount + ".", List.of(),
                    Map.of("available", available, "required", amount));
        }
        account.reserved += amount;
        credits.record(account, "reserve", 0, amount, request.executionId(), null);
        return Map.entry(true, ReservationView.of(reservation, account));
    }

    /** Charges the actual cost (capped at the hold: the hold is the agreed maximum) and frees the rest. */
    @Transactional
    public ReservationView capture(Caller caller, String executionId, Capture request) {
        Reservation r = find(workspaceOf(caller), executionId, true);
        if ("captured".equals(r.status)) {
            return ReservationView.of(r, CreditAccount.findById(r.workspaceId));
        }
        if (!"held".equals(r.status)) {
            throw notHeld(r);
        }
        long requested = amountOf(request.amount(), request.model(), request.inputTokens(), request.outputTokens());
        CreditAccount account = credits.lock(r.workspaceId);
        r.charged = Math.min(requested, r.amount);
        r.released = r.amount - r.charged;
        r.status = "captured";
        r.settledAt = Instant.now();
        r.agentId = request.agentId() != null ? request.agentId() : r.agentId;
        r.model = request.model() != null ? request.model() : r.model;
        r.inputTokens = request.inputTokens() == null ? 0 : request.inputTokens();
        r.outputTokens = request.outputTokens() == null ? 0 : request.outputTokens();
        account.balance -= r.charged;
        account.reserved -= r.amount;
        credits.record(account, "capture", -r.charged, -r.amount, executionId,
                requested > r.amount ? "capped at the reservation; requested " + requested : null);
        events.publish(Topics.BILLING_EVENTS, r.workspaceId, CHARGED, r.tenantId, r.workspaceId, executionId,
                new Charged(executionId, r.charged, r.released, account.balance, account.available(), r.agentId, r.model));
        return ReservationView.of(r, account);
    }

    /** The amount given, or the price of the token counts under the model's rule. */
    private long amountOf(Long amount, String model, Long inputTokens, Long outputTokens) {
        if (amount != null) {
            return amount;
        }
        if (model == null || inputTokens == null || outputTokens == null) {
            throw ApiException.invalid("amount", "amount, or model with input_tokens and output_tokens, is required");
        }
        return pricing.estimate(new PricingRecords.Estimate(model, inputTokens, outputTokens)).amount();
    }

    /** Frees the whole hold: a failed execution is refunded, a cancelled or expired one released. */
    @Transactional
    public ReservationView release(Caller caller, String executionId, String reason) {
        return releaseHeld(find(workspaceOf(caller), executionId, true), reason == null ? "cancelled" : reason);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    ReservationView releaseHeld(Reservation r, String reason) {
        if ("released".equals(r.status)) {
            return ReservationView.of(r, CreditAccount.findById(r.workspaceId));
        }
        if (!"held".equals(r.status)) {
            throw notHeld(r);
        }
        CreditAccount account = credits.lock(r.workspaceId);
        r.status = "released";
        r.released = r.amount;
        r.reason = reason;
        r.settledAt = Instant.now();
        account.reserved -= r.amount;
        credits.record(account, "failed".equals(reason) ? "refund" : "release", 0, -r.amount, r.executionId, reason);
        events.publish(Topics.BILLING_EVENTS, r.workspaceId, REFUNDED, r.tenantId, r.workspaceId, r.executionId,
                new Refunded(r.executionId, r.released, reason, account.balance, account.available()));
        return ReservationView.of(r, account);
    }

    private Reservation find(String workspaceId, String executionId, boolean lock) {
        Reservation r = Reservation.find("workspaceId = ?1 and executionId = ?2", workspaceId, executionId)
                .withLock(lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE).firstResult();
        if (r == null) {
            throw ApiException.notFound("RESERVATION_NOT_FOUND", "No credit reservation for execution '"
                    + executionId + "'.");
        }
        return r;
    }

    private static String workspaceOf(Caller caller) {
        if (caller.workspaceId() == null) {
            throw new ApiException(400, "WORKSPACE_REQUIRED", "The service token does not name a workspace.");
        }
        return caller.workspaceId();
    }

    private static ApiException notHeld(Reservation r) {
        return new ApiException(409, "RESERVATION_SETTLED", "The reservation for execution '" + r.executionId
                + "' is already " + r.status + ".", List.of(), Map.of("status", r.status));
    }
}
