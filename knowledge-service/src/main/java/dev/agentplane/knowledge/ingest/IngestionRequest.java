package dev.agentplane.knowledge.ingest;

/** The data of a {@code knowledge.document.ingest} work item on {@code knowledge.requests}. */
public record IngestionRequest(String documentId, String knowledgeBaseId) {
    public static final String TYPE = "knowledge.document.ingest";
}
