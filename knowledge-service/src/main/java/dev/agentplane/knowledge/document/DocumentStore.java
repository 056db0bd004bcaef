package dev.agentplane.knowledge.document;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import dev.agentplane.knowledge.base.KnowledgeBase;
import dev.agentplane.knowledge.base.KnowledgeBaseRepository;
import dev.agentplane.knowledge.config.KnowledgeConfig;
import dev.agentplane.knowledge.error.KnowledgeError;
import dev.agentplane.knowledge.ingest.IngestionRequest;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Documents in the database; a new document and its ingestion work item are written in one transaction. */
@ApplicationScoped
public class DocumentStore {
    @Inject
    KnowledgeBaseRepository bases;
    @Inject
    DocumentRepository documents;
    @Inject
    EventPublisher events;
    @Inject
    KnowledgeConfig config;

    /** What to add: everything but the ids and the status. */
    public record Draft(String source, String storageKey, String title, String contentType, String contentHash,
                        String inlineText, Map<String, String> metadata) {
    }

    /** The document and whether it is new (false: the same content was already there). */
    public record Added(DocumentView document, boolean created) {
    }

    @Transactional
    public void requireBase(String workspaceId, String baseId) {
        bases.require(workspaceId, baseId);
    }

    @Transactional
    public Added add(Caller caller, String baseId, Draft draft) {
        // the lock serialises adds to one base, so the dedupe and the document limit hold under concurrency
        KnowledgeBase base = bases.requireLocked(caller.workspaceId(), baseId);
        Optional<KbDocument> same = documents.byHash(base.id, draft.contentHash());
        if (same.isPresent()) {
            KbDocument existing = same.get();
            if (KbDocument.FAILED.equals(existing.status)) {
                // the same content again after a failure: try it again
                existing.status = KbDocument.PENDING;
                existing.attempts = 0;
                existing.progress = 0;
                existing.errorCode = null;
                existing.errorMessage = null;
                existing.updatedAt = Instant.now();
                enqueue(base, existing);
            }
            return new Added(DocumentView.of(existing), false);
        }
        if (documents.countIn(base.id) >= config.maxDocuments()) {
            throw KnowledgeError.DOCUMENT_LIMIT_REACHED.exception(
                    "This knowledge base already holds " + config.maxDocuments() + " documents.");
        }
        KbDocument d = new KbDocument();
        d.id = UUID.randomUUID();
        d.knowledgeBaseId = base.id;
        d.workspaceId = base.workspaceId;
        d.source = draft.source();
        d.storageKey = draft.storageKey();
        d.title = draft.title();
        d.contentType = draft.contentType();
        d.contentHash = draft.contentHash();
        d.inlineText = draft.inlineText();
        d.metadata = draft.metadata() == null || draft.metadata().isEmpty() ? null : Map.copyOf(draft.metadata());
        d.status = KbDocument.PENDING;
        d.createdAt = Instant.now();
        d.updatedAt = d.createdAt;
        documents.persist(d);
        enqueue(base, d);
        return new Added(DocumentView.of(d), true);
    }

    /** Writes the document's ingestion work item to the outbox (it leaves with the transaction's commit). */
    public void enqueue(KnowledgeBase base, KbDocument d) {
        events.publish(Topics.KNOWLEDGE_REQUESTS, d.id.toString(), IngestionRequest.TYPE, base.tenantId,
                base.workspaceId, d.id.toString(), new IngestionRequest(d.id.toString(), base.id.toString()));
    }

    @Transactional
    public DocumentView get(String workspaceId, String baseId, String id) {
        KnowledgeBase base = bases.require(workspaceId, baseId);
        return DocumentView.of(documents.require(workspaceId, base.id, id));
    }

    @Transactional
    public Page<DocumentView> list(String workspaceId, String baseId, PageRequest request, String status) {
        KnowledgeBase base = bases.require(workspaceId, baseId);
        String where = "knowledgeBaseId = :kb" + (status == null ? "" : " and status = :status");
        Parameters params = Parameters.with("kb", base.id);
        if (status != null) {
            params = params.and("status", status);
        }
        return Page.of(documents.find(where, request.toSort(f -> "updated_at".equals(f) ? "updatedAt" : "createdAt"),
                params), request, DocumentView::of);
    }

    @Transactional
    public void delete(String workspaceId, String baseId, String id) {
        KnowledgeBase base = bases.require(workspaceId, baseId);
        KbDocument d = documents.require(workspaceId, base.id, id);
        // its chunks go with it (on delete cascade); a running ingestion finds the document gone and stores nothing
        documents.delete(d);
        bases.bumpRevision(base.id);
    }
}
