package dev.agentplane.knowledge.error;

import dev.agentplane.kit.error.ApiException;

/** The knowledge service's own stable error codes, with the HTTP status each answers. */
public enum KnowledgeError {
    KNOWLEDGE_BASE_NOT_FOUND(404),
    DOCUMENT_NOT_FOUND(404),
    KNOWLEDGE_BASE_NAME_TAKEN(409),
    KNOWLEDGE_BASE_LIMIT_REACHED(409),
    DOCUMENT_LIMIT_REACHED(409),
    /** An attachment named as a document source that has no text (an image) or could not be read. */
    ATTACHMENT_NOT_USABLE(400),
    ATTACHMENT_SERVICE_UNAVAILABLE(503),
    /** The operator's embedding endpoint refused or did not answer (a query against a base that uses it). */
    EMBEDDING_SERVICE_UNAVAILABLE(503),
    // reasons a document's ingestion failed (shown in its status, never as an HTTP answer)
    DOCUMENT_TOO_LARGE(0),
    DOCUMENT_EMPTY(0),
    TEXT_UNAVAILABLE(0),
    /** The operator's embedding endpoint refused the document's text, or kept failing. */
    EMBEDDING_FAILED(0),
    INGESTION_FAILED(0);

    private final int status;

    KnowledgeError(int status) {
        this.status = status;
    }

    public ApiException exception(String detail) {
        return new ApiException(status, name(), detail);
    }
}
