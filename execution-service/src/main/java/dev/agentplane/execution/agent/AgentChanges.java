package dev.agentplane.execution.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every replica drops what it cached of an agent when the registry changes it (any event on agent.events:
 * {@code agent.updated}, {@code agent.deleted}, {@code agent.graduated}; read by a Kafka group of this
 * process alone), so that a deleted agent's numbered versions are not run for the rest of their cache time and an
 * update reaches the next run before the current version's short TTL ends.
 */
@ApplicationScoped
public class AgentChanges {
    private static final Logger LOG = Logger.getLogger(AgentChanges.class);

    @Inject
    AgentClient agents;
    @Inject
    ObjectMapper mapper;

    @Incoming("agent-changes")
    public void onEvent(String payload) {
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(payload, mapper);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring an agent event that is not an envelope: %s", e.getMessage());
            return;
        }
        if (event.workspace() != null && event.subject() != null) {
            agents.evict(event.workspace(), event.subject());
        }
    }
}
