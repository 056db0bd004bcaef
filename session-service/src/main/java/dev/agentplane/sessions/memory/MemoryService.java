package dev.agentplane.sessions.memory;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.support.Ids;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

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
    CurrentCaller currentCaller;

    /** Stores each new fact; a fact already stored for the same user and agent is skipped. */
    @Transactional
    public MemoryRecords.Added add(MemoryRecords.AddFacts req) {
        List<MemoryRecords.Stored> stored = new ArrayList<>();
        LinkedHashSet<String> facts = new LinkedHashSet<>(req.facts().stream().map(String::strip).toList());
        for (String fact : facts) {
            String id = Ids.memory();
            int inserted = em.createNativeQuery("insert into memory (id, workspace_id, external_user_id, agent_id, "
                            + "fact, created_at) values (?1, ?2, ?3, ?4, ?5, clock_timestamp()) on conflict do nothing")
                    .setParameter(1, id).setParameter(2, currentCaller.workspaceId())
                    .setParameter(3, req.externalUserId()).setParameter(4, blankToNull(req.agentId()))
                    .setParameter(5, fact).executeUpdate();
            if (inserted == 1) {
                stored.add(new MemoryRecords.Stored(id, fact));
            }
        }
        return new MemoryRecords.Added(stored, req.facts().size() - stored.size());
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
