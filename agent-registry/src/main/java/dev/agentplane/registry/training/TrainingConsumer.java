package dev.agentplane.registry.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Feeds training statistics from execution.events and session.events; other event types are ignored. */
@ApplicationScoped
public class TrainingConsumer {
    private static final Logger LOG = Logger.getLogger(TrainingConsumer.class);

    @Inject
    TrainingService training;
    @Inject
    ObjectMapper mapper;

    @Incoming("executions")
    @Blocking
    public void onExecutionEvent(String payload) {
        EventEnvelope e = parse(payload);
        if (e != null && TrainingEvents.AGENT_EXECUTED.equals(e.type())) {
            training.recordExecution(e);
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
