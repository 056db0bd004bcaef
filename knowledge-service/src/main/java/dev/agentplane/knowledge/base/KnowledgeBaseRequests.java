package dev.agentplane.knowledge.base;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the knowledge-base endpoints. */
public final class KnowledgeBaseRequests {
    private KnowledgeBaseRequests() {
    }

    /**
     * {@code POST /v1/knowledge-bases}; chunk sizes are in tokens of the embedding model's tokenizer;
     * {@code metric_type} COSINE (default), IP or L2, as in seed 001's Milvus configuration.
     */
    public record Create(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
                         @Size(max = 100) String embeddingModel, @Valid Chunking chunking,
                         @Pattern(regexp = "COSINE|IP|L2", message = "must be COSINE, IP or L2") String metricType) {
    }

    /** {@code PATCH /v1/knowledge-bases/{id}}: only what does not need re-embedding may change. */
    public record Update(@Size(min = 1, max = 200) String name, @Size(max = 2000) String description) {
    }

    /** Chunk size and overlap in tokens. */
    public record Chunking(Integer size, Integer overlap) {
    }
}
