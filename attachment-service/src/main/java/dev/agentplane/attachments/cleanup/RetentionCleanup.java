package dev.agentplane.attachments.cleanup;

import dev.agentplane.attachments.attachment.AttachmentCatalog;
import dev.agentplane.attachments.attachment.AttachmentService;
import dev.agentplane.attachments.config.AttachmentsConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Deletes uploads that nothing referenced within the retention period. "Referenced" means another
 * service used the attachment through the internal API (metadata, text or a fetched image_url),
 * which sets {@code referenced_at}; referenced attachments stay until their owner deletes them.
 */
@ApplicationScoped
public class RetentionCleanup {
    private static final Logger LOG = Logger.getLogger(RetentionCleanup.class);

    @Inject
    AttachmentsConfig config;
    @Inject
    AttachmentCatalog catalog;
    @Inject
    AttachmentService attachments;

    @Scheduled(every = "${agentplane.attachments.cleanup.every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int removed = sweep(Instant.now().minus(config.cleanup().retention()));
        if (removed > 0) {
            LOG.infof("removed %d unreferenced uploads older than %s", removed, config.cleanup().retention());
        }
    }

    /** Removes one batch of unreferenced uploads created before the cut-off; returns how many went. */
    public int sweep(Instant cutoff) {
        List<Map.Entry<String, String>> candidates = catalog.unreferencedBefore(cutoff, config.cleanup().batch());
        int removed = 0;
        for (Map.Entry<String, String> c : candidates) {
            // re-checked in its own transaction: a reference that arrived meanwhile saves the upload
            if (catalog.expire(c.getKey(), c.getValue()).isPresent()) {
                attachments.deleteBytes(c.getValue());
                removed++;
            }
        }
        return removed;
    }
}
