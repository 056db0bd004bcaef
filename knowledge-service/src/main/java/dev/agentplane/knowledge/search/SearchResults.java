package dev.agentplane.knowledge.search;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Answers of the search endpoints. */
public final class SearchResults {
    private SearchResults() {
    }

    /**
     * The chunks found, best first; {@code score} is the similarity in the base's metric in mode vector, the
     * full-text rank in mode keyword, the reciprocal-rank-fusion score in mode hybrid. {@code embedding_model}: the
     * first base's (bases of different models are each searched with their own).
     */
    public record Results(String query, String mode, String embeddingModel, List<Result> items) {
    }

    /**
     * One chunk with its source: the document, its position in it (0-based) and page and heading when known;
     * {@code distance} the Euclidean distance in an L2 base's vector matches.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String chunkId, double score, Double distance, String text, String knowledgeBaseId,
                         Document document, int position, Integer page, String heading) {
    }

    /** Where a chunk comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(String id, String title, String storageKey, String contentType) {
    }

    /** Which ids of a lookup exist in the workspace and which do not. */
    public record Lookup(List<String> found, List<String> missing) {
    }
}
