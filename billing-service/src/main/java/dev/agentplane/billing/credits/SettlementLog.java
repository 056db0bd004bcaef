package dev.agentplane.billing.credits;

import dev.agentplane.billing.credits.CreditRecords.Charged;
import dev.agentplane.billing.credits.CreditRecords.Low;
import dev.agentplane.billing.credits.CreditRecords.Refunded;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Writes down a settled reservation, whether its hold was its own or drawn from a lease: the ledger
 * entry of the change already applied to the (locked) account, and credits.charged or credits.refunded — and
 * credits.low when a charge takes the balance under the workspace's threshold.
 */
@ApplicationScoped
public class SettlementLog {
    public static final String CHARGED = "credits.charged";
    public static final String REFUNDED = "credits.refunded";
    public static final String LOW = "credits.low";

    @Inject
    CreditService credits;
    @Inject
    EventPublisher events;

    /** A failed execution is a refund in the ledger, a cancelled or expired one a release. */
    @Transactional(Transactional.TxType.MANDATORY)
    void settled(Reservation r, CreditAccount account, long reservedChange, String note) {
        if ("captured".equals(r.status)) {
            credits.record(account, "capture", -r.charged, reservedChange, r.executionId, note);
            events.publish(Topics.BILLING_EVENTS, r.workspaceId, CHARGED, r.tenantId, r.workspaceId, r.executionId,
                    new Charged(r.executionId, r.charged, r.released, account.balance, account.available(), r.agentId,
                            r.model));
            Long threshold = account.lowBalanceThreshold;
            if (threshold != null && account.balance < threshold && account.balance + r.charged >= threshold) {
                // once per crossing: the charge that took the balance under the threshold
                events.publish(Topics.BILLING_EVENTS, r.workspaceId, LOW, r.tenantId, r.workspaceId, r.workspaceId,
                        new Low(r.executionId, account.balance, account.available(), threshold));
            }
        } else {
            credits.record(account, "failed".equals(r.reason) ? "refund" : "release", 0, reservedChange,
                    r.executionId, note);
            events.publish(Topics.BILLING_EVENTS, r.workspaceId, REFUNDED, r.tenantId, r.workspaceId, r.executionId,
                    new Refunded(r.executionId, r.released, r.reason, account.balance, account.available()));
        }
    }
}
