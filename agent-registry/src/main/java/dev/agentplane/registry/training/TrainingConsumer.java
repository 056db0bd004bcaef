package dev.agentplane.registry.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** Feeds training statistics from execution.events and session.events; other event types are ignored. */
@ApplicationScoped
public class TrainingConsumer {
    private static final Logger LOG = Logger.getLogger(TrainingConsumer.class);

    @Inject
    TrainingService training;
    @Inject
    ObjectMapper mapper;

    /** A poll's worth of events at a time: one transaction, one update per agent. */
    @Incoming("executions")
    @Blocking
    public void onExecutionEvents(List<String> payloads) {
        List<EventEnvelope> executed = new ArrayList<>();
        for (String payload : payloads) {
            EventEnvelope e = parse(payload);
            if (e != null && TrainingEvents.AGENT_EXECUTED.equals(e.type())) {
                executed.add(e);
            }
        }
        if (!executed.isEmpty()) {
            training.recordExecutions(executed);
        }
    }

    @Incoming("sessions")
    @Blocking
    public void onSessionEvent(String payload) {
        EventEnvelope e = parse(payload);
        if (e != null && TrainingEvents.FEEDBACK_RECORDED.equals(e.type())) {
            training.recordFeedback(e);
        }
    }

    private EventEnvelope parse(String payload) {
        try {
            EventEnvelope e = EventEnvelope.parse(payload, mapper);
            if (e.id() == null || e.workspace() == null || e.data() == null) {
                LOG.warnf("skipping an event without id, workspace or data");
                return null;
            }
            return e;
        } catch (RuntimeException bad) {
            LOG.warnf("skipping an event that is not an envelope: %s", bad.getMessage());
            return null;
        }
    }
}
