package dev.agentplane.knowledge.document;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/** A document as the API shows it: where it came from and how far its ingestion got. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentView(String id, String knowledgeBaseId, String title, String source, String storageKey,
                           String contentType, String contentHash, Map<String, String> metadata, String status,
                           int progress, int chunkCount, Failure failure, Instant createdAt, Instant updatedAt) {

    /** Why an ingestion failed: a stable code and a message for people. */
    public record Failure(String code, String message) {
    }

    public static DocumentView of(KbDocument d) {
        return new DocumentView(d.id.toString(), d.knowledgeBaseId.toString(), d.title, d.source, d.storageKey,
                d.contentType, d.contentHash, d.metadata, d.status, d.progress, d.chunkCount,
                d.errorCode == null ? null : new Failure(d.errorCode, d.errorMessage), d.createdAt, d.updatedAt);
    }
}
