package dev.agentplane.kit.data;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

/**
 * Runs side effects outside the database (Redis, waking the outbox relay) only once the current
 * transaction has committed; a failing action is logged and never undoes the commit.
 */
@ApplicationScoped
public class AfterCommit {
    private static final Logger LOG = Logger.getLogger(AfterCommit.class);

    @Inject
    TransactionSynchronizationRegistry transactions;

    public void run(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.warnf("after-commit action failed: %s", e.getMessage());
                    }
                }
            }
        });
    }
}
