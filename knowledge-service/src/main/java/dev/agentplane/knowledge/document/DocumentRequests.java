package dev.agentplane.knowledge.document;

import jakarta.validation.constraints.Size;

/** Request bodies of the document endpoints. */
public final class DocumentRequests {
    private DocumentRequests() {
    }

    /**
     * {@code POST /v1/knowledge-bases/{id}/documents}: either inline {@code text} or an attachment's
     * {@code storage_key} (its extracted text is ingested), never both. The text's length is checked against
     * {@code agentplane.knowledge.max-document-chars} by the service.
     */
    public record Add(String text, @Size(max = 300) String storageKey, @Size(max = 300) String title) {
    }
}
