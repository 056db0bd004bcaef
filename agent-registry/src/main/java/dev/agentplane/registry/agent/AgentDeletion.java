package dev.agentplane.registry.agent;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.registry.execution.ActiveExecutionsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * Deletes an agent only when the execution service says nothing of it is running. The remote call
 * happens outside any transaction so that no row lock waits on the network.
 */
@ApplicationScoped
public class AgentDeletion {
    @Inject
    AgentReads reads;
    @Inject
    AgentService service;
    @Inject
    ActiveExecutionsCheck executions;

    /** The answer of DELETE /v1/agents/{id}. */
    public record Deleted(String agentId, boolean deleted, int version) {
    }

    public Deleted delete(String id) {
        reads.require(id);
        int active = executions.activeExecutions(id);
        if (active > 0) {
            throw new ApiException(409, "AGENT_BUSY", "The agent has " + active
                    + " running execution(s); cancel them or wait before deleting it.", List.of(),
                    Map.of("active_executions", active));
        }
        AgentEntity a = service.softDelete(id);
        return new Deleted(a.agentId, true, a.version);
    }
}
