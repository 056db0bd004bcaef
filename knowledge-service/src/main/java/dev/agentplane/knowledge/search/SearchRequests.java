package dev.agentplane.knowledge.search;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Request bodies of the search endpoints. */
public final class SearchRequests {
    private SearchRequests() {
    }

    /**
     * {@code POST /v1/knowledge-bases/{id}/query} (and {@code /search}): {@code top_k} 1-50 (default 5),
     * {@code min_score} the score threshold of vector matches in the base's metric (default 0), {@code mode} vector
     * (default), keyword (full text) or hybrid (both, fused by reciprocal rank), {@code filter} equality on
     * document fields, all of them ({@link dev.agentplane.knowledge.store.ChunkFilter}).
     */
    public record Search(@NotBlank @Size(max = 2000) String query, @Min(1) @Max(50) Integer topK,
                         @DecimalMin("-1000000") @DecimalMax("1000000") Double minScore,
                         @Pattern(regexp = "vector|keyword|hybrid", message = "must be vector, keyword or hybrid")
                         String mode, Map<String, String> filter) {
    }

    /**
     * {@code POST /internal/knowledge-bases/search}: the same over several bases of the token's workspace
     * (an agent's {@code knowledge_bases}); every id must exist there.
     */
    public record MultiSearch(@NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 100) String> knowledgeBaseIds,
                              @NotBlank @Size(max = 2000) String query, @Min(1) @Max(50) Integer topK,
                              @DecimalMin("-1000000") @DecimalMax("1000000") Double minScore,
                              @Pattern(regexp = "vector|keyword|hybrid", message = "must be vector, keyword or hybrid")
                              String mode, Map<String, String> filter) {
    }

    /** {@code POST /internal/knowledge-bases/lookup}: which of these ids exist in the token's workspace. */
    public record Lookup(@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 100) String> ids) {
    }
}
