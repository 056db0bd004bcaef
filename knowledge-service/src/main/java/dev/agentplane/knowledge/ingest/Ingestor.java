package dev.agentplane.knowledge.ingest;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.knowledge.attachment.AttachmentApi;
import dev.agentplane.knowledge.attachment.AttachmentClient;
import dev.agentplane.knowledge.attachment.OnBehalf;
import dev.agentplane.knowledge.chunk.Chunk;
import dev.agentplane.knowledge.chunk.Chunker;
import dev.agentplane.knowledge.config.KnowledgeConfig;
import dev.agentplane.knowledge.document.KbDocument;
import dev.agentplane.knowledge.embed.Embedder;
import dev.agentplane.knowledge.embed.EmbeddingModels;
import dev.agentplane.knowledge.embed.OpenAiEmbeddings;
import dev.agentplane.knowledge.error.KnowledgeError;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Ingests one document: its text, cut into chunks, embedded in batches, stored; or a reason it failed. */
@ApplicationScoped
public class Ingestor {
    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    @Inject
    IngestionJobs jobs;
    @Inject
    Embedder embedder;
    @Inject
    EmbeddingModels embeddings;
    @Inject
    AttachmentClient attachments;
    @Inject
    OnBehalf onBehalf;
    @Inject
    KnowledgeConfig config;

    /** A reason to fail the document for good. */
    private static final class Unusable extends RuntimeException {
        final KnowledgeError reason;

        Unusable(KnowledgeError reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    public void ingest(String workspaceId, UUID documentId) {
        IngestionJobs.Job job = jobs.claim(workspaceId, documentId).orElse(null);
        if (job == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            List<Chunk> cut = new Chunker(job.chunkSize(), job.chunkOverlap(), embedder::tokens).chunk(text(job));
            check(job, cut);
            float[][] vectors = new float[cut.size()][];
            int batch = config.ingestion().batchSize();
            for (int from = 0; from < cut.size(); from += batch) {
                int to = Math.min(cut.size(), from + batch);
                float[][] embedded = embeddings.embed(job.embeddingModel(),
                        cut.subList(from, to).stream().map(Chunk::embeddingInput).toList());
                System.arraycopy(embedded, 0, vectors, from, embedded.length);
                if (!jobs.progress(documentId, to * 99 / cut.size())) {
                    return;
                }
            }
            if (jobs.complete(job, cut, vectors)) {
                LOG.infof("document %s ingested: %d chunks in %d ms", documentId, cut.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (Unusable e) {
            jobs.fail(documentId, e.reason, e.getMessage());
        } catch (OpenAiEmbeddings.Refused e) {
            jobs.fail(documentId, KnowledgeError.EMBEDDING_FAILED, e.getMessage());
        } catch (OpenAiEmbeddings.Unavailable e) {
            LOG.warnf("ingestion of document %s: %s (attempt %d)", documentId, e.getMessage(), job.attempts());
            jobs.retryLater(documentId, KnowledgeError.EMBEDDING_FAILED, e.getMessage() + " Add it again to retry.");
        } catch (RuntimeException e) {
            LOG.warnf(e, "ingestion of document %s failed (attempt %d)", documentId, job.attempts());
            jobs.retryLater(documentId, KnowledgeError.INGESTION_FAILED,
                    "The document could not be ingested; add it again to retry.");
        }
    }

    private void check(IngestionJobs.Job job, List<Chunk> cut) {
        if (cut.isEmpty()) {
            throw new Unusable(KnowledgeError.DOCUMENT_EMPTY, "The document has no text to index.");
        }
        if (cut.size() > config.maxChunksPerDocument()) {
            throw new Unusable(KnowledgeError.DOCUMENT_TOO_LARGE, "The document makes " + cut.size()
                    + " chunks; at most " + config.maxChunksPerDocument() + " are allowed per document.");
        }
        if (jobs.chunksBesides(job.knowledgeBaseId(), job.documentId()) + cut.size()
                > config.maxChunksPerKnowledgeBase()) {
            throw new Unusable(KnowledgeError.DOCUMENT_TOO_LARGE, "The knowledge base would hold more than "
                    + config.maxChunksPerKnowledgeBase() + " chunks.");
        }
    }

    private String text(IngestionJobs.Job job) {
        String text = KbDocument.INLINE.equals(job.source()) ? job.inlineText() : attachmentText(job);
        if (text == null || text.isBlank()) {
            throw new Unusable(KnowledgeError.DOCUMENT_EMPTY, "The document has no text to index.");
        }
        if (text.length() > config.maxDocumentChars()) {
            throw new Unusable(KnowledgeError.DOCUMENT_TOO_LARGE, "The document's text is longer than "
                    + config.maxDocumentChars() + " characters.");
        }
        return text;
    }

    /** The attachment's text, read for the document's workspace (this runs outside any HTTP request). */
    private String attachmentText(IngestionJobs.Job job) {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            onBehalf.set(new Caller("service:knowledge-service", job.tenantId(), job.workspaceId(), Set.of(), null,
                    Set.of(), null));
            AttachmentApi.Text text = attachments.text(job.storageKey());
            return text.text();
        } catch (AttachmentClient.Refused e) {
            throw new Unusable(KnowledgeError.TEXT_UNAVAILABLE, e.status == 404
                    ? "The attachment no longer exists." : "No text could be extracted from the attachment.");
        } catch (ApiException unavailable) {
            throw new IllegalStateException(unavailable.getMessage());
        } finally {
            context.terminate();
        }
    }
}
