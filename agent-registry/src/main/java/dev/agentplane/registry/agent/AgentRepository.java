package dev.agentplane.registry.agent;

import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Agents of one workspace at a time: every query names the workspace, so other workspaces' agents are not found. */
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<AgentEntity, UUID> {

    public Optional<AgentEntity> findLive(String workspaceId, String agentId) {
        return find("workspaceId = ?1 and agentId = ?2 and deletedAt is null", workspaceId, agentId)
                .firstResultOptional();
    }

    public Optional<AgentEntity> findLiveForUpdate(String workspaceId, String agentId) {
        return find("workspaceId = ?1 and agentId = ?2 and deletedAt is null", workspaceId, agentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Also finds a soft-deleted agent, whose id a new agent may take over. */
    public Optional<AgentEntity> findAnyForUpdate(String workspaceId, String agentId) {
        return find("workspaceId = ?1 and agentId = ?2", workspaceId, agentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * The workspace's live agents, counted under a transaction-scoped lock on the workspace, so that two creates at
     * its agent limit cannot both pass the count.
     */
    public long countLiveLocked(String workspaceId) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('agents:' || ?1))")
                .setParameter(1, workspaceId).getSingleResult();
        return count("workspaceId = ?1 and deletedAt is null", workspaceId);
    }

    public List<AgentEntity> findLiveIn(String workspaceId, Collection<String> agentIds) {
        return list("workspaceId = ?1 and agentId in ?2 and deletedAt is null", workspaceId, agentIds);
    }

    public Page<AgentEntity> list(String workspaceId, AgentFilter filter, PageRequest page) {
        AgentListQuery q = AgentListQuery.of(workspaceId, filter, page);
        Query count = bind(getEntityManager().createNativeQuery(q.countSql()), q.params());
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<AgentEntity> items = bind(getEntityManager().createNativeQuery(q.selectSql(page), AgentEntity.class),
                q.params()).getResultList();
        int totalPages = (int) ((total + page.limit() - 1) / page.limit());
        return new Page<>(items, new Page.Pagination(page.page(), page.limit(), total, totalPages,
                page.page() < totalPages));
    }

    private static Query bind(Query query, Map<String, Object> params) {
        params.forEach(query::setParameter);
        return query;
    }
}
