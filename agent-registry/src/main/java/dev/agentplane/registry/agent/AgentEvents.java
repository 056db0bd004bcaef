package dev.agentplane.registry.agent;

import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes agent.* events to the outbox, in the transaction of the change they describe. */
@ApplicationScoped
public class AgentEvents {
    public static final String CREATED = "agent.created";
    public static final String UPDATED = "agent.updated";
    public static final String DELETED = "agent.deleted";
    public static final String GRADUATED = "agent.graduated";

    @Inject
    EventPublisher publisher;

    /** The data of agent.created, agent.updated and agent.deleted. */
    public record AgentChanged(String agentId, int version, String name, String role, String maturityLevel,
                               String status) {
    }

    /** The data of agent.graduated. */
    public record AgentGraduated(String agentId, int version, String previousLevel, String newLevel,
                                 double readinessScore) {
    }

    public void changed(String type, AgentEntity a) {
        publisher.publish(Topics.AGENT_EVENTS, a.agentId, type, a.tenantId, a.workspaceId, a.agentId,
                new AgentChanged(a.agentId, a.version, a.name, a.role, a.maturityLevel, a.status));
    }

    public void graduated(AgentEntity a, String previousLevel, double readiness) {
        publisher.publish(Topics.AGENT_EVENTS, a.agentId, GRADUATED, a.tenantId, a.workspaceId, a.agentId,
                new AgentGraduated(a.agentId, a.version, previousLevel, a.maturityLevel, readiness));
    }
}
