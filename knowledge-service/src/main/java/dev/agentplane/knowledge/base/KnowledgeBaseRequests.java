package dev.agentplane.knowledge.base;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the knowledge-base endpoints. */
public final class KnowledgeBaseRequests {
    private KnowledgeBaseRequests() {
    }

    /** {@code POST /v1/knowledge-bases}; chunk sizes are in tokens of the embedding model's tokenizer. */
    public record Create(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
                         @Size(max = 100) String embeddingModel, @Valid Chunking chunking) {
    }

    /** {@code PATCH /v1/knowledge-bases/{id}}: only what does not need re-embedding may change. */
    public record Update(@Size(min = 1, max = 200) String name, @Size(max = 2000) String description) {
    }

    /** Chunk size and overlap in tokens. */
    public record Chunking(Integer size, Integer overlap) {
    }
}
