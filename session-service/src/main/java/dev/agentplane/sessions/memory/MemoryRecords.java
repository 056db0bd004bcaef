package dev.agentplane.sessions.memory;

import dev.agentplane.sessions.support.Limits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response records of the memory API. */
public final class MemoryRecords {
    private MemoryRecords() {
    }

    /** {@code POST /internal/memories}. */
    public record AddFacts(@NotBlank @Size(max = 200) String externalUserId, @Size(max = 200) String agentId,
                           @NotEmpty @Size(max = Limits.FACTS_PER_CALL)
                           List<@NotBlank @Size(max = Limits.FACT_CHARS) String> facts) {
    }

    /** The facts stored by one call (exact duplicates of stored facts are skipped). */
    public record Added(List<Stored> memories, int skipped) {
    }

    public record Stored(String id, String fact) {
    }

    /** A memory as {@code GET /v1/users/{external_user_id}/memories} lists it. */
    public record MemoryView(String id, String externalUserId, String agentId, String fact, Instant createdAt) {
        static MemoryView of(Memory m) {
            return new MemoryView(m.id, m.externalUserId, m.agentId, m.fact, m.createdAt);
        }
    }

    /** The answer of a bulk delete. */
    public record Deleted(long deleted) {
    }
}
