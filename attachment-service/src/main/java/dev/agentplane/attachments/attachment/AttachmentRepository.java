package dev.agentplane.attachments.attachment;

import dev.agentplane.kit.data.WorkspaceRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Attachments, always looked up inside the caller's workspace. */
@ApplicationScoped
public class AttachmentRepository implements WorkspaceRepository<Attachment, UUID> {

    public Optional<Attachment> findByKey(String workspaceId, String storageKey) {
        return find("storageKey = :key and workspaceId = :ws",
                Parameters.with("key", storageKey).and("ws", workspaceId)).firstResultOptional();
    }

    /** Bytes the workspace holds now. */
    public long usedBytes(String workspaceId) {
        Long used = getEntityManager()
                .createQuery("select coalesce(sum(a.size), 0) from Attachment a where a.workspaceId = :ws", Long.class)
                .setParameter("ws", workspaceId).getSingleResult();
        return used == null ? 0 : used;
    }

    /** Serialises quota checks of one workspace until the transaction ends. */
    public void lockWorkspace(String workspaceId) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "attachments:" + workspaceId).getSingleResult();
    }

    /** Uploads never referenced and older than the cut-off, oldest first. */
    public List<Attachment> unreferencedBefore(Instant cutoff, int limit) {
        return find("referencedAt is null and createdAt < ?1 order by createdAt", cutoff).page(0, limit).list();
    }
}
