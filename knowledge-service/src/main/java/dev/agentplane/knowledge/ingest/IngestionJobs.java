package dev.agentplane.knowledge.ingest;

import dev.agentplane.knowledge.base.KnowledgeBase;
import dev.agentplane.knowledge.base.KnowledgeBaseRepository;
import dev.agentplane.knowledge.chunk.Chunk;
import dev.agentplane.knowledge.config.KnowledgeConfig;
import dev.agentplane.knowledge.document.DocumentStore;
import dev.agentplane.knowledge.document.KbDocument;
import dev.agentplane.knowledge.error.KnowledgeError;
import dev.agentplane.knowledge.store.ChunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The transactions of an ingestion: claim a document, report progress, store its chunks, or fail it. */
@ApplicationScoped
public class IngestionJobs {
    @Inject
    EntityManager em;
    @Inject
    KnowledgeBaseRepository bases;
    @Inject
    ChunkStore chunks;
    @Inject
    DocumentStore documents;
    @Inject
    KnowledgeConfig config;

    /** What an ingestion works from, read when the document is claimed. */
    public record Job(UUID documentId, UUID knowledgeBaseId, String tenantId, String workspaceId, String source,
                      String storageKey, String inlineText, String embeddingModel, int chunkSize, int chunkOverlap,
                      int attempts) {
    }

    /**
     * Takes the document for this replica: only a pending one, or one whose ingestion has shown no progress
     * for {@code stale-after} (its replica died). A redelivered or duplicated work item finds nothing to claim.
     */
    @Transactional
    public Optional<Job> claim(String workspaceId, UUID documentId) {
        Instant now = Instant.now();
        int claimed = em.createNativeQuery("update kb_document set status = 'processing', progress = 0, "
                        + "attempts = attempts + 1, updated_at = ?3 where id = ?1 and workspace_id = ?2 "
                        + "and (status = 'pending' or (status = 'processing' and updated_at < ?4))")
                .setParameter(1, documentId).setParameter(2, workspaceId).setParameter(3, Timestamp.from(now))
                .setParameter(4, Timestamp.from(now.minus(config.ingestion().staleAfter()))).executeUpdate();
        if (claimed == 0) {
            return Optional.empty();
        }
        KbDocument d = em.find(KbDocument.class, documentId);
        KnowledgeBase base = em.find(KnowledgeBase.class, d.knowledgeBaseId);
        return Optional.of(new Job(d.id, base.id, base.tenantId, base.workspaceId, d.source, d.storageKey,
                d.inlineText, base.embeddingModel, base.chunkSize, base.chunkOverlap, d.attempts));
    }

    /** Records progress (and that the ingestion is alive); false when the document was deleted meanwhile. */
    @Transactional
    public boolean progress(UUID documentId, int percent) {
        return em.createNativeQuery("update kb_document set progress = ?2, updated_at = ?3 where id = ?1 "
                        + "and status = 'processing'")
                .setParameter(1, documentId).setParameter(2, percent).setParameter(3, Timestamp.from(Instant.now()))
                .executeUpdate() == 1;
    }

    /** Chunks the base holds apart from this document's. */
    @Transactional
    public long chunksBesides(UUID knowledgeBaseId, UUID documentId) {
        return chunks.count(knowledgeBaseId) - ((Number) em.createNativeQuery(
                "select count(*) from kb_chunk where document_id = ?1").setParameter(1, documentId)
                .getSingleResult()).longValue();
    }

    /** Stores the chunks and makes the document ready, unless it was deleted (or taken over) meanwhile. */
    @Transactional
    public boolean complete(Job job, List<Chunk> cut, float[][] vectors) {
        KbDocument d = em.find(KbDocument.class, job.documentId(), LockModeType.PESSIMISTIC_WRITE);
        if (d == null || !KbDocument.PROCESSING.equals(d.status) || d.attempts != job.attempts()) {
            return false;
        }
        chunks.replace(d.id, d.knowledgeBaseId, cut, vectors);
        d.status = KbDocument.READY;
        d.progress = 100;
        d.chunkCount = cut.size();
        d.inlineText = null;
        d.updatedAt = Instant.now();
        bases.bumpRevision(d.knowledgeBaseId);
        return true;
    }

    /** The document failed for good, with a reason the user can read. */
    @Transactional
    public void fail(UUID documentId, KnowledgeError reason, String message) {
        KbDocument d = em.find(KbDocument.class, documentId, LockModeType.PESSIMISTIC_WRITE);
        if (d == null || !KbDocument.PROCESSING.equals(d.status)) {
            return;
        }
        d.status = KbDocument.FAILED;
        d.errorCode = reason.name();
        d.errorMessage = message.length() > 500 ? message.substring(0, 500) : message;
        d.updatedAt = Instant.now();
    }

    /**
     * A failure that another attempt may not repeat: the document waits for the sweep to try again, until its
     * attempts run out; then it fails with this reason and message.
     */
    @Transactional
    public void retryLater(UUID documentId, KnowledgeError reason, String message) {
        KbDocument d = em.find(KbDocument.class, documentId, LockModeType.PESSIMISTIC_WRITE);
        if (d == null || !KbDocument.PROCESSING.equals(d.status)) {
            return;
        }
        if (d.attempts >= config.ingestion().maxAttempts()) {
            fail(documentId, reason, message);
            return;
        }
        d.status = KbDocument.PENDING;
        d.progress = 0;
        d.updatedAt = Instant.now();
    }

    /**
     * Hands out again the documents whose work item was lost or whose ingestion died with its replica; a
     * document out of attempts fails. Replicas sweeping at once take different rows (skip locked).
     */
    @Transactional
    public int sweep() {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<KbDocument> stale = em.createNativeQuery("select * from kb_document where status in ('pending', "
                        + "'processing') and updated_at < ?1 order by updated_at limit 100 for update skip locked",
                        KbDocument.class)
                .setParameter(1, Timestamp.from(now.minus(config.ingestion().staleAfter()))).getResultList();
        for (KbDocument d : stale) {
            if (d.attempts >= config.ingestion().maxAttempts()) {
                d.status = KbDocument.FAILED;
                d.errorCode = KnowledgeError.INGESTION_FAILED.name();
                d.errorMessage = "The ingestion did not finish after " + d.attempts + " attempts.";
            } else {
                d.status = KbDocument.PENDING;
                documents.enqueue(em.find(KnowledgeBase.class, d.knowledgeBaseId), d);
            }
            d.updatedAt = now;
        }
        return stale.size();
    }
}
