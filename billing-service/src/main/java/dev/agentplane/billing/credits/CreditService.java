package dev.agentplane.billing.credits;

import dev.agentplane.billing.credits.CreditRecords.*;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Balances, operator grants and the ledger. */
@ApplicationScoped
public class CreditService {
    private static final List<String> KINDS = List.of("grant", "reserve", "capture", "release", "refund", "adjustment",
            "lease", "lease-release", "lease-expired");
    private static final Map<String, String> SORTS = Map.of("created_at", "createdAt", "amount", "amount");

    @Transactional(Transactional.TxType.MANDATORY)
    public void openAccount(String workspaceId, String tenantId) {
        CreditAccount.getEntityManager().createNativeQuery("insert into credit_account (workspace_id, tenant_id) "
                + "values (?1, ?2) on conflict do nothing").setParameter(1, workspaceId).setParameter(2, tenantId)
                .executeUpdate();
    }

    @Transactional
    public Balance balance(String workspaceId) {
        return Balance.of(workspaceId, CreditAccount.findById(workspaceId));
    }

    /** Sets (or, with null, turns off) the workspace's low-balance alert. */
    @Transactional
    public Balance lowBalanceAlert(String workspaceId, String tenantId, Long threshold) {
        openAccount(workspaceId, tenantId);
        CreditAccount account = lock(workspaceId);
        account.lowBalanceThreshold = threshold;
        account.updatedAt = java.time.Instant.now();
        return Balance.of(workspaceId, account);
    }

    @Transactional
    public Balance grant(String workspaceId, String tenantId, Grant grant) {
        openAccount(workspaceId, tenantId);
        CreditAccount account = lock(workspaceId);
        if (account.balance > CreditRecords.MAX_AMOUNT - grant.amount()) {
            throw ApiException.invalid("amount", "the balance would exceed " + CreditRecords.MAX_AMOUNT);
        }
        account.balance += grant.amount();
        record(account, "grant", grant.amount(), 0, null, grant.note());
        return Balance.of(workspaceId, account);
    }

    /** Corrects the balance; a negative adjustment may not take credits that are on hold or not there. */
    @Transactional
    public Balance adjust(String workspaceId, String tenantId, Adjustment adjustment) {
        if (adjustment.amount() == 0) {
            throw ApiException.invalid("amount", "must not be 0");
        }
        openAccount(workspaceId, tenantId);
        CreditAccount account = lock(workspaceId);
        if (account.available() + adjustment.amount() < 0) {
            throw new ApiException(409, "ADJUSTMENT_EXCEEDS_AVAILABLE", "Only " + account.available()
                    + " micro-credits are available to remove.");
        }
        if (adjustment.amount() > 0 && account.balance > CreditRecords.MAX_AMOUNT - adjustment.amount()) {
            throw ApiException.invalid("amount", "the balance would exceed " + CreditRecords.MAX_AMOUNT);
        }
        account.balance += adjustment.amount();
        record(account, "adjustment", adjustment.amount(), 0, null, adjustment.note().strip());
        return Balance.of(workspaceId, account);
    }

    @Transactional
    public Page<LedgerView> ledger(String workspaceId, PageRequest page, String kind, String executionId) {
        List<String> where = new ArrayList<>(List.of("workspaceId = :workspaceId"));
        Parameters params = Parameters.with("workspaceId", workspaceId);
        if (kind != null) {
            if (!KINDS.contains(kind)) {
                throw ApiException.invalid("kind", "must be one of " + KINDS);
            }
            where.add("kind = :kind");
            params.and("kind", kind);
        }
        if (executionId != null) {
            where.add("executionId = :executionId");
            params.and("executionId", executionId);
        }
        return Page.of(LedgerEntry.find(String.join(" and ", where), page.toSort(SORTS::get), params), page,
                LedgerView::of);
    }

    /** The account row, locked for the rest of the transaction; null when the workspace has none. */
    CreditAccount lock(String workspaceId) {
        return CreditAccount.findById(workspaceId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Appends a ledger entry describing a change already applied to the (locked) account. */
    void record(CreditAccount account, String kind, long amount, long reservedChange, String executionId, String note) {
        account.updatedAt = Instant.now();
        LedgerEntry entry = new LedgerEntry();
        entry.id = UUID.randomUUID();
        entry.workspaceId = account.workspaceId;
        entry.kind = kind;
        entry.amount = amount;
        entry.reservedChange = reservedChange;
        entry.balanceAfter = account.balance;
        entry.availableAfter = account.available();
        entry.executionId = executionId;
        entry.note = note;
        entry.createdAt = account.updatedAt;
        entry.persist();
    }
}
