package dev.agentplane.attachments.attachment;

import dev.agentplane.attachments.quota.QuotaPolicy;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The transactional half of attachments: rows, quota and events change together or not at all. */
@ApplicationScoped
public class AttachmentCatalog {
    public static final String NOT_FOUND = "ATTACHMENT_NOT_FOUND";

    @Inject
    AttachmentRepository repository;
    @Inject
    QuotaPolicy quota;
    @Inject
    EventPublisher events;

    /** Records a stored upload under the workspace's quota lock and announces it. */
    @Transactional
    public void record(Caller caller, Attachment attachment) {
        repository.lockWorkspace(caller.workspaceId());
        quota.check(caller.tier(), repository.usedBytes(caller.workspaceId()), attachment.size);
        repository.persist(attachment);
        publish(attachment, AttachmentEvent.UPLOADED, null);
    }

    /** A check without the lock: refuses early what would surely be over quota. */
    @Transactional
    public void quotaCheck(Caller caller, long adding) {
        quota.check(caller.tier(), repository.usedBytes(caller.workspaceId()), adding);
    }

    @Transactional
    public Attachment get(String workspaceId, String storageKey) {
        return repository.findByKey(workspaceId, storageKey).orElseThrow(() -> notFound(storageKey));
    }

    /** Finds an attachment by key in any workspace: only for requests that carry a valid signature. */
    @Transactional
    public Attachment getBySignedKey(String storageKey) {
        return repository.find("storageKey", storageKey).<Attachment>firstResultOptional()
                .orElseThrow(() -> notFound(storageKey));
    }

    /** Looks up an attachment and marks it referenced (another service is using it). */
    @Transactional
    public Attachment reference(String workspaceId, String storageKey) {
        Attachment a = get(workspaceId, storageKey);
        a.referencedAt = Instant.now();
        return a;
    }

    /** Removes the row and announces it; the caller deletes the bytes once this has committed. */
    @Transactional
    public Attachment remove(String workspaceId, String storageKey, String reason) {
        Attachment a = get(workspaceId, storageKey);
        repository.delete(a);
        publish(a, AttachmentEvent.DELETED, reason);
        return a;
    }

    /** Removes an expired upload unless it was referenced meanwhile. */
    @Transactional
    public Optional<Attachment> expire(String workspaceId, String storageKey) {
        return repository.findByKey(workspaceId, storageKey).filter(a -> a.referencedAt == null)
                .map(a -> remove(workspaceId, storageKey, "expired"));
    }

    /** Uploads older than the cut-off that nothing referenced: (workspace, key) pairs, oldest first. */
    @Transactional
    public List<Map.Entry<String, String>> unreferencedBefore(Instant cutoff, int limit) {
        return repository.unreferencedBefore(cutoff, limit).stream()
                .map(a -> Map.entry(a.workspaceId, a.storageKey)).toList();
    }

    private void publish(Attachment a, String type, String reason) {
        events.publish(Topics.ATTACHMENT_EVENTS, a.storageKey, type, a.tenantId, a.workspaceId, a.storageKey,
                AttachmentEvent.of(a, reason));
    }

    public static ApiException notFound(String storageKey) {
        return ApiException.notFound(NOT_FOUND, "No attachment " + storageKey + " exists in this workspace.");
    }
}
