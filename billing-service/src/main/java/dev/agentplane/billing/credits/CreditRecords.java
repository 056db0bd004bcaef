package dev.agentplane.billing.credits;

import dev.agentplane.billing.pricing.PricingRule;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.UUID;

/** Request and response bodies of the credit endpoints (amounts in micro-credits). */
public final class CreditRecords {
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    static final long MAX_TOKENS = 100_000_000L;
    /** The longest a hold may last: a suspended run's pending actions wait up to 7 days, and its hold with them. */
    static final int MAX_HOLD_SECONDS = 8 * 86_400;

    private CreditRecords() {
    }

    public record Balance(String workspaceId, long balance, long reserved, long available, String unit,
                          Long lowBalanceThreshold) {
        static Balance of(String workspaceId, CreditAccount a) {
            return a == null ? new Balance(workspaceId, 0, 0, 0, "micro-credits", null)
                    : new Balance(workspaceId, a.balance, a.reserved, a.available(), "micro-credits", a.lowBalanceThreshold);
        }
    }

    public record Grant(@NotNull @Positive @Max(MAX_AMOUNT) Long amount, @Size(max = 500) String note) {
    }

    /** A correction by the operator: positive or negative, always with a reason. */
    public record Adjustment(@NotNull @Min(-MAX_AMOUNT) @Max(MAX_AMOUNT) Long amount, @NotBlank @Size(max = 500) String note) {
    }

    /**
     * A hold: an amount, or none and the model's rule prices the most the execution can use (its
     * prompt's input tokens and its max output tokens) — one call instead of estimate + reserve.
     */
    public record Reserve(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+") String executionId,
                          @PositiveOrZero @Max(MAX_AMOUNT) Long amount,
                          @Min(1) @Max(MAX_HOLD_SECONDS) Integer ttlSeconds,
                          @Size(max = 100) String agentId, @Size(max = 100) String model,
                          @PositiveOrZero @Max(MAX_TOKENS) Long inputTokens,
                          @PositiveOrZero @Max(MAX_TOKENS) Long outputTokens) {
    }

    /**
     * The actual cost: an amount, or none and the model's rule prices the token counts (one call
     * instead of estimate + capture). The usage feeds GET /v1/usage either way.
     */
    public record Capture(@PositiveOrZero @Max(MAX_AMOUNT) Long amount, @Size(max = 100) String agentId,
                          @Size(max = 100) String model, @PositiveOrZero @Max(MAX_TOKENS) Long inputTokens,
                          @PositiveOrZero @Max(MAX_TOKENS) Long outputTokens) {
    }

    /**
     * More credits for a held execution that needs more than it holds (a run's hold topped up at a step), and/or
     * a later expiry ({@code hold_until}: a suspended run keeps its hold until its pending actions expire). The
     * expiry only moves later, and never beyond {@link #MAX_HOLD_SECONDS} from now.
     */
    public record Extend(@PositiveOrZero @Max(MAX_AMOUNT) Long amount, Instant holdUntil) {
    }

    public record Release(@Pattern(regexp = "failed|cancelled", message = "must be failed or cancelled") String reason) {
    }

    /**
     * A hold and the account after it. {@code price} (on holds) is the rule the hold was priced by: the
     * execution service prices the actual use with it, so its answer's cost is what the capture charges.
     */
    public record ReservationView(String executionId, String status, long reserved, long charged, long released,
                                  String reason, long balance, long available, Instant expiresAt, PriceView price) {
        static ReservationView of(Reservation r, CreditAccount a) {
            return of(r, a, null);
        }

        static ReservationView of(Reservation r, CreditAccount a, PriceView price) {
            long balance = a == null ? 0 : a.balance;
            long available = a == null ? 0 : a.available();
            return new ReservationView(r.executionId, r.status, r.amount, r.charged, r.released, r.reason, balance,
                    available, r.expiresAt, price);
        }
    }

    /** A pricing rule's figures in micro-credits: per execution, per input token, per output token. */
    public record PriceView(long baseCost, long inputTokenPrice, long outputTokenPrice) {
        static PriceView of(PricingRule rule) {
            return new PriceView(rule.baseCost, rule.inputTokenPrice, rule.outputTokenPrice);
        }
    }

    /**
     * A lease for one replica and model: as much as {@code wanted}, but at most the configured share of
     * the available credits, and refused when that is less than {@code minimum}.
     */
    public record LeaseRequest(@NotBlank @Size(max = 100) String model,
                               @NotNull @Positive @Max(MAX_AMOUNT) Long wanted,
                               @NotNull @Positive @Max(MAX_AMOUNT) Long minimum,
                               @Min(1) @Max(86_400) Integer ttlSeconds) {
    }

    /** The total the replica drew from the lease for its executions. */
    public record CloseLease(@NotNull @PositiveOrZero @Max(MAX_AMOUNT) Long drawn) {
    }

    /** A granted lease, the account after it and the model's rule, by which the replica prices each draw. */
    public record LeaseView(String leaseId, String model, long amount, String status, Instant expiresAt,
                            long balance, long available, PriceView price) {
        static LeaseView of(Lease l, CreditAccount a, PriceView price) {
            return new LeaseView(l.id, l.model, l.amount, l.status, l.expiresAt, a.balance, a.available(), price);
        }
    }

    /** A lease after a close: {@code releasedNow} is what this call gave back (0 when it changed nothing). */
    public record ClosedLeaseView(String leaseId, String status, long amount, Long drawn, long settled,
                                  long releasedNow, long available) {
        static ClosedLeaseView of(Lease l, long releasedNow, CreditAccount a) {
            return new ClosedLeaseView(l.id, l.status, l.amount, l.drawn, l.settled, releasedNow, a.available());
        }
    }

    public record LedgerView(UUID id, String kind, long amount, long reservedChange, long balanceAfter,
                             long availableAfter, String executionId, String note, Instant createdAt) {
        static LedgerView of(LedgerEntry e) {
            return new LedgerView(e.id, e.kind, e.amount, e.reservedChange, e.balanceAfter, e.availableAfter,
                    e.executionId, e.note, e.createdAt);
        }
    }

    /** Data of credits.charged. */
    public record Charged(String executionId, long charged, long released, long balance, long available,
                          String agentId, String model) {
    }

    /** The workspace's low-balance alert: credits.low when a charge takes the balance under it (null: off). */
    public record LowBalanceAlert(@PositiveOrZero @Max(MAX_AMOUNT) Long threshold) {
    }

    /** Data of credits.low: the charge that took the balance under the workspace's threshold. */
    public record Low(String executionId, long balance, long available, long threshold) {
    }

    /** Data of credits.refunded. */
    public record Refunded(String executionId, long released, String reason, long balance, long available) {
    }
}
