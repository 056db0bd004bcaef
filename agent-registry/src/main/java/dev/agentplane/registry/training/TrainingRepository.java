package dev.agentplane.registry.training;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;
import java.util.UUID;

/** Training statistics, one row per agent and workspace. */
@ApplicationScoped
public class TrainingRepository implements PanacheRepositoryBase<TrainingEntity, UUID> {

    public Optional<TrainingEntity> find(String workspaceId, String agentId) {
        return find("workspaceId = ?1 and agentId = ?2", workspaceId, agentId).firstResultOptional();
    }

    /** The row locked for an update, created first if the agent has none yet. */
    public TrainingEntity forUpdate(String workspaceId, String agentId) {
        getEntityManager().createNativeQuery("insert into agent_training (key, workspace_id, agent_id, updated_at) "
                        + "values (?1, ?2, ?3, now()) on conflict (workspace_id, agent_id) do nothing")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, workspaceId)
                .setParameter(3, agentId)
                .executeUpdate();
        return find("workspaceId = ?1 and agentId = ?2", workspaceId, agentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
