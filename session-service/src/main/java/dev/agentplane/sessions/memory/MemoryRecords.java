package dev.agentplane.sessions.memory;

import dev.agentplane.sessions.support.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response records of the memory API. */
public final class MemoryRecords {
    private MemoryRecords() {
    }

    /** {@code POST /internal/memories}: facts a run's extraction found, with their embeddings. */
    public record AddFacts(@NotBlank @Size(max = 200) String externalUserId, @Size(max = 200) String agentId,
                           @Size(max = 100) String executionId, @Size(max = 100) String embeddingModel,
                           @NotEmpty @Size(max = Limits.FACTS_PER_CALL) List<@NotNull @Valid NewFact> facts) {
    }

    /** A fact; {@code replaces} names the stored memory it contradicts (the extraction model decides). */
    public record NewFact(@NotBlank @Size(max = Limits.FACT_CHARS) String fact,
                          @Size(max = Limits.EMBEDDING_DIMENSIONS_MAX) float[] embedding,
                          @Size(max = 40) String replaces) {
    }

    /** What one call did: stored (new or replacing), skipped as duplicates. */
    public record Added(List<Stored> memories, int skipped) {
    }

    /** {@code replaced} is the id of the memory this one replaced (the same id: the row is updated). */
    public record Stored(String id, String fact, boolean replaced) {
    }

    /** {@code POST /internal/memories/search}: the user's memories nearest the embedding (most recent without one). */
    public record Search(@NotBlank @Size(max = 200) String externalUserId, @Size(max = 200) String agentId,
                         @Size(max = Limits.EMBEDDING_DIMENSIONS_MAX) float[] embedding,
                         @NotNull @Min(1) @Max(Limits.MEMORIES_RECALLED) Integer topK) {
    }

    public record Recalled(List<RecalledMemory> memories) {
    }

    /** {@code score}: cosine similarity to the query, null when the memory or the query has no embedding. */
    public record RecalledMemory(String id, String fact, Double score, String executionId, Instant createdAt) {
    }

    /** A memory as {@code GET /v1/users/{external_user_id}/memories} lists it, with the execution it came from. */
    public record MemoryView(String id, String externalUserId, String agentId, String fact, String executionId,
                             Instant createdAt, Instant updatedAt) {
        static MemoryView of(Memory m) {
            return new MemoryView(m.id, m.externalUserId, m.agentId, m.fact, m.executionId, m.createdAt, m.updatedAt);
        }
    }

    /** The answer of a bulk delete. */
    public record Deleted(long deleted) {
    }
}
