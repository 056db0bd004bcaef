package dev.agentplane.execution.execution;

import dev.agentplane.kit.data.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Executions, always looked up within one workspace. */
@ApplicationScoped
public class ExecutionRepository implements WorkspaceRepository<ExecutionEntity, String> {

    public long countActive(String workspaceId, String agentId) {
        return count("workspaceId = ?1 and agentId = ?2 and status in ?3", workspaceId, agentId,
                ExecutionStatus.ACTIVE);
    }
}
