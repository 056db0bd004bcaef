package dev.agentplane.billing.credits;

import dev.agentplane.billing.credits.CreditRecords.*;
import dev.agentplane.billing.pricing.PricingRecords;
import dev.agentplane.billing.pricing.PricingService;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Holds for executions, each step idempotent by execution id. Lock order is always reservation,
 * then account, so concurrent steps never deadlock; the account lock makes concurrent holds
 * serialise, so available credits never go below zero.
 */
@ApplicationScoped
public class ReservationService {
    static final int DEFAULT_TTL_SECONDS = 900;

    @Inject
    EntityManager em;
    @Inject
    CreditService credits;
    @Inject
    SettlementLog settlements;
    @Inject
    LeaseService leases;
    @Inject
    PricingService pricing;

    /**
     * Holds the amount (or prices the token counts by the model's rule) in one statement: the hold, the
     * account's reserved credits and the ledger entry. The answer says whether this call created the hold,
     * and carries the rule, so that the caller can price the actual use itself.
     */
    @Transactional
    public Map.Entry<Boolean, ReservationView> reserve(Caller caller, Reserve request) {
        String ws = workspaceOf(caller);
        if (request.amount() == null && (request.model() == null || request.inputTokens() == null
                || request.outputTokens() == null)) {
            throw ApiException.invalid("amount", "amount, or model with input_tokens and output_tokens, is required");
        }
        int ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        Object[] row = (Object[]) em.createNativeQuery(HOLD)
                .setParameter(1, ws).setParameter(2, caller.tenantId()).setParameter(3, request.executionId())
                .setParameter(4, request.amount() == null ? -1L : request.amount())
                .setParameter(5, request.agentId()).setParameter(6, request.model() == null ? "" : request.model())
                .setParameter(7, ttl)
                .setParameter(8, request.inputTokens() == null ? 0L : request.inputTokens())
                .setParameter(9, request.outputTokens() == null ? 0L : request.outputTokens())
                .getSingleResult();
        PriceView price = new PriceView(number(row[5]), number(row[6]), number(row[7]));
        if (number(row[0]) == 0) {
            Reservation existing = find(ws, request.executionId(), false);
            return Map.entry(false, ReservationView.of(existing, CreditAccount.findById(ws), price));
        }
        long amount = number(row[1]);
        if (row[2] == null) {
            CreditAccount account = CreditAccount.findById(ws);
            long available = account == null ? 0 : account.available();
            throw new ApiException(402, "INSUFFICIENT_CREDITS", "The workspace has " + available
                    + " micro-credits available; this execution needs " + amount + ".", List.of(),
                    Map.of("available", available, "required", amount));
        }
        long balance = number(row[2]);
        long reserved = number(row[3]);
        return Map.entry(true, new ReservationView(request.executionId(), "held", amount, 0, 0, null, balance,
                balance - reserved, (Instant) row[4], price));
    }

    /**
     * The hold as one statement. The rule is the model's, else the default ('*'); the account is
     * changed only when this call inserted the hold and the credits cover it (otherwise the caller
     * answers 402 and the transaction, with its insert, rolls back).
     */
    private static final String HOLD = """
            with rule as (
                select base_cost, input_token_price, output_token_price from pricing_rule
                where model = ?6 or model = '*' order by (model = '*') limit 1),
            priced as (
                select case when ?4 >= 0 then ?4
                            else (select base_cost + ?8 * input_token_price + ?9 * output_token_price from rule)
                       end as amount),
            held as (
                insert into credit_reservation (workspace_id, tenant_id, execution_id, amount, status, agent_id, model,
                                                expires_at)
                select ?1, ?2, ?3, amount, 'held', ?5, nullif(?6, ''), now() + make_interval(secs => ?7) from priced
                on conflict do nothing
                returning amount, expires_at),
            account as (
                update credit_account a set reserved = a.reserved + held.amount, updated_at = now()
                from held where a.workspace_id = ?1 and a.balance - a.reserved >= held.amount
                returning a.balance, a.reserved, held.amount),
            ledger as (
                insert into ledger_entry (id, workspace_id, kind, amount, reserved_change, balance_after,
                                          available_after, execution_id, created_at)
                select gen_random_uuid(), ?1, 'reserve', 0, amount, balance, balance - reserved, ?3, now()
                from account)
            select (select count(*) from held), (select amount from priced), account.balance, account.reserved,
                   (select expires_at from held), rule.base_cost, rule.input_token_price, rule.output_token_price
            from (select 1) one left join account on true left join rule on true
            """;

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
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
        return captureHeld(r, request);
    }

    /**
     * Settles finished executions in one transaction: each held reservation is captured (completed)
     * or released (failed, cancelled); unknown or already settled ones are skipped, and draws from a
     * lease settle against the lease (account lock, then lease). Rows are taken in (workspace, execution)
     * order, so concurrent batches lock accounts in one order and never deadlock.
     */
    @Transactional
    public void settle(List<Settlement> batch) {
        List<Settlement> ordered = batch.stream().sorted(Comparator.comparing(Settlement::workspaceId)
                .thenComparing(Settlement::executionId)).toList();
        for (Settlement s : ordered) {
            if (s.draw() != null) {
                leases.settleDraw(s);
                continue;
            }
            Reservation r = lookup(s.workspaceId(), s.executionId(), true);
            if (r == null || !"held".equals(r.status)) {
                continue;
            }
            if (s.capture() != null) {
                captureHeld(r, s.capture());
            } else {
                releaseHeld(r, s.releaseReason());
            }
        }
    }

    /**
     * How one finished execution settles its hold: a capture, or a release with its reason; {@code draw}
     * is set when the hold was drawn from a lease, null when the execution held credits of its own.
     */
    public record Settlement(String workspaceId, String executionId, Capture capture, String releaseReason,
                             Draw draw) {
    }

    /** The hold an execution drew from a lease (lease_id and hold of agent.executed), and who ran it. */
    public record Draw(String leaseId, long hold, String agentId, String model) {
    }

    private ReservationView captureHeld(Reservation r, Capture request) {
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
        settlements.settled(r, account, -r.amount,
                requested > r.amount ? "capped at the reservation; requested " + requested : null);
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

    /**
     * Grows a held reservation by {@code amount} when the workspace has it available (402 otherwise): the run's
     * hold is topped up at a step boundary. Not idempotent: a repeated call holds more, which the capture frees.
     * {@code hold_until} moves the expiry later (idempotent), so a suspended run keeps its hold while it waits.
     */
    @Transactional
    public ReservationView extend(Caller caller, String executionId, Extend request) {
        long amount = request.amount() == null ? 0 : request.amount();
        if (amount == 0 && request.holdUntil() == null) {
            throw ApiException.invalid("amount", "a positive amount, or hold_until, is required");
        }
        Reservation r = find(workspaceOf(caller), executionId, true);
        if (!"held".equals(r.status)) {
            throw notHeld(r);
        }
        if (request.holdUntil() != null) {
            Instant until = min(request.holdUntil(), Instant.now().plusSeconds(CreditRecords.MAX_HOLD_SECONDS));
            if (until.isAfter(r.expiresAt)) {
                r.expiresAt = until;
            }
        }
        if (amount == 0) {
            return ReservationView.of(r, CreditAccount.findById(r.workspaceId));
        }
        CreditAccount account = credits.lock(r.workspaceId);
        if (account.available() < amount) {
            throw new ApiException(402, "INSUFFICIENT_CREDITS", "The workspace has " + account.available()
                    + " micro-credits available; this execution needs " + amount + " more.", List.of(),
                    Map.of("available", account.available(), "required", amount));
        }
        r.amount += amount;
        account.reserved += amount;
        account.updatedAt = Instant.now();
        LedgerEntry entry = new LedgerEntry();
        entry.id = java.util.UUID.randomUUID();
        entry.workspaceId = r.workspaceId;
        entry.kind = "reserve";
        entry.reservedChange = amount;
        entry.balanceAfter = account.balance;
        entry.availableAfter = account.available();
        entry.executionId = executionId;
        entry.note = "top-up";
        entry.createdAt = Instant.now();
        entry.persist();
        return ReservationView.of(r, account);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
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
        settlements.settled(r, account, -r.amount, reason);
        return ReservationView.of(r, account);
    }

    private Reservation find(String workspaceId, String executionId, boolean lock) {
        Reservation r = lookup(workspaceId, executionId, lock);
        if (r == null) {
            throw ApiException.notFound("RESERVATION_NOT_FOUND", "No credit reservation for execution '"
                    + executionId + "'.");
        }
        return r;
    }

    /** The reservation, or null when the workspace has none for this execution. */
    static Reservation lookup(String workspaceId, String executionId, boolean lock) {
        return Reservation.find("workspaceId = ?1 and executionId = ?2", workspaceId, executionId)
                .withLock(lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE).firstResult();
    }

    static String workspaceOf(Caller caller) {
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
