package dev.agentplane.sessions.memory;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.support.Ids;
import dev.agentplane.sessions.support.Limits;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Per-user memory: facts added by the execution service, listed and deleted by the workspace. */
@ApplicationScoped
public class MemoryService {
    public static final String MEMORY_NOT_FOUND = "MEMORY_NOT_FOUND";
    public static final List<String> SORTABLE = List.of("created_at");

    @Inject
    MemoryRepository memories;
    @Inject
    EntityManager em;
    @Inject
    MemoryVectors vectors;
    @Inject
    CurrentCaller currentCaller;

    /**
     * Stores a run's facts: one that names a stored memory of this user in {@code replaces} takes its place (the
     * user contradicted it); one whose embedding is as close as {@link Limits#DUPLICATE_SIMILARITY} to a memory
     * this agent sees, or whose text is already stored, is skipped; the others are added.
     */
    @Transactional
    public MemoryRecords.Added add(MemoryRecords.AddFacts req) {
        String workspace = currentCaller.workspaceId();
        String agent = blankToNull(req.agentId());
        List<MemoryVectors.Row> known = new ArrayList<>(vectors.visible(workspace, req.externalUserId(), agent));
        List<MemoryRecords.Stored> stored = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MemoryRecords.NewFact f : req.facts()) {
            String fact = f.fact().strip();
            if (!seen.add(fact)) {
                continue;
            }
            if (f.replaces() != null && replace(workspace, req, f, fact)) {
                known.removeIf(r -> r.id().equals(f.replaces()));
                known.add(0, new MemoryVectors.Row(f.replaces(), fact, f.embedding(), req.executionId(), null));
                stored.add(new MemoryRecords.Stored(f.replaces(), fact, true));
            } else if (!repeats(known, f.embedding())) {
                String id = insert(workspace, req, agent, f, fact);
                if (id != null) {
                    known.add(0, new MemoryVectors.Row(id, fact, f.embedding(), req.executionId(), null));
                    stored.add(new MemoryRecords.Stored(id, fact, false));
                }
            }
        }
        return new MemoryRecords.Added(stored, req.facts().size() - stored.size());
    }

    /** The user's memories this agent sees, nearest the query's embedding first (most recent first without one). */
    @Transactional
    public MemoryRecords.Recalled search(MemoryRecords.Search req) {
        List<MemoryVectors.Row> rows = vectors.visible(currentCaller.workspaceId(), req.externalUserId(),
                blankToNull(req.agentId()));
        record Scored(MemoryVectors.Row row, Double score) {
        }
        List<Scored> scored = new ArrayList<>(rows.stream()
                .map(r -> new Scored(r, MemoryVectors.similarity(req.embedding(), r.embedding()))).toList());
        // stable sort: unscored memories keep their recency order after the scored ones
        scored.sort(Comparator.comparing((Scored s) -> s.score() == null ? Double.NEGATIVE_INFINITY : s.score())
                .reversed());
        return new MemoryRecords.Recalled(scored.stream().limit(req.topK()).map(s -> new MemoryRecords.RecalledMemory(
                s.row().id(), s.row().fact(), s.score(), s.row().executionId(), s.row().createdAt())).toList());
    }

    private static boolean repeats(List<MemoryVectors.Row> known, float[] embedding) {
        for (MemoryVectors.Row row : known) {
            Double score = MemoryVectors.similarity(embedding, row.embedding());
            if (score != null && score >= Limits.DUPLICATE_SIMILARITY) {
                return true;
            }
        }
        return false;
    }

    /** False when the memory to replace is not this user's (or is gone): the fact is then treated as new. */
    private boolean replace(String workspace, MemoryRecords.AddFacts req, MemoryRecords.NewFact f, String fact) {
        // a replacement worded like another stored memory of the user takes that one's place too
        em.createNativeQuery("delete from memory where workspace_id = ?1 and external_user_id = ?2 and id <> ?3 "
                        + "and md5(fact) = md5(?4) and coalesce(agent_id, '') = (select coalesce(agent_id, '') "
                        + "from memory where id = ?3 and workspace_id = ?1)")
                .setParameter(1, workspace).setParameter(2, req.externalUserId()).setParameter(3, f.replaces())
                .setParameter(4, fact).executeUpdate();
        return em.createNativeQuery("update memory set fact = ?1, embedding = cast(cast(?2 as text) as real[]), "
                        + "embedding_model = ?3, execution_id = ?4, updated_at = clock_timestamp() "
                        + "where id = ?5 and workspace_id = ?6 and external_user_id = ?7")
                .setParameter(1, fact).setParameter(2, MemoryVectors.literal(f.embedding()))
                .setParameter(3, req.embeddingModel()).setParameter(4, req.executionId()).setParameter(5, f.replaces())
                .setParameter(6, workspace).setParameter(7, req.externalUserId()).executeUpdate() == 1;
    }

    /** The new memory's id, or null when the same text is already stored. */
    private String insert(String workspace, MemoryRecords.AddFacts req, String agent, MemoryRecords.NewFact f,
                          String fact) {
        String id = Ids.memory();
        int inserted = em.createNativeQuery("insert into memory (id, workspace_id, external_user_id, agent_id, fact, "
                        + "embedding, embedding_model, execution_id, created_at) values (?1, ?2, ?3, ?4, ?5, "
                        + "cast(cast(?6 as text) as real[]), ?7, ?8, clock_timestamp()) on conflict do nothing")
                .setParameter(1, id).setParameter(2, workspace).setParameter(3, req.externalUserId())
                .setParameter(4, agent).setParameter(5, fact).setParameter(6, MemoryVectors.literal(f.embedding()))
                .setParameter(7, req.embeddingModel()).setParameter(8, req.executionId()).executeUpdate();
        return inserted == 1 ? id : null;
    }

    @Transactional
    public Page<MemoryRecords.MemoryView> list(String externalUserId, String agentId, PageRequest page) {
        return Page.of(memories.findInWorkspace(currentCaller.workspaceId(), where(agentId),
                page.toSort(f -> "createdAt"), params(externalUserId, agentId)), page, MemoryRecords.MemoryView::of);
    }

    /** Deletes the user's memories (only those of one agent when agent_id is given). */
    @Transactional
    public MemoryRecords.Deleted deleteAll(String externalUserId, String agentId) {
        Parameters params = params(externalUserId, agentId).and("workspaceId", currentCaller.workspaceId());
        return new MemoryRecords.Deleted(memories.delete("workspaceId = :workspaceId and " + where(agentId), params));
    }

    @Transactional
    public void deleteOne(String externalUserId, String memoryId) {
        long n = memories.delete("id = ?1 and workspaceId = ?2 and externalUserId = ?3", memoryId,
                currentCaller.workspaceId(), externalUserId);
        if (n == 0) {
            throw ApiException.notFound(MEMORY_NOT_FOUND, "No memory '" + memoryId + "' exists for this user.");
        }
    }

    private static String where(String agentId) {
        return agentId == null || agentId.isBlank() ? "externalUserId = :user" : "externalUserId = :user and agentId = :agent";
    }

    private static Parameters params(String externalUserId, String agentId) {
        Parameters p = Parameters.with("user", externalUserId);
        return agentId == null || agentId.isBlank() ? p : p.and("agent", agentId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
