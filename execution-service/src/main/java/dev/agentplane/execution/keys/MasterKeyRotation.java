package dev.agentplane.execution.keys;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Re-wraps data keys with the current master key, at start and then every {@code rewrap-interval} (rows a replica
 * still on the previous configuration wrapped meanwhile). See docs/architecture.md for the rotation's steps.
 */
@ApplicationScoped
public class MasterKeyRotation {
    private static final Logger LOG = Logger.getLogger(MasterKeyRotation.class);

    @Inject
    DataKeys dataKeys;

    void onStart(@Observes StartupEvent event) {
        rewrap();
    }

    @Scheduled(every = "${agentplane.credentials.rewrap-interval:1m}", delayed = "${agentplane.credentials.rewrap-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rewrap() {
        try {
            dataKeys.rewrap();
        } catch (RuntimeException e) {
            LOG.warnf("re-wrapping workspace data keys failed, to be tried again: %s", e.getClass().getSimpleName());
        }
    }
}
