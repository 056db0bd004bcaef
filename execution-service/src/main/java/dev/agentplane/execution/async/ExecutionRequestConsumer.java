package dev.agentplane.execution.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.run.WorkItem;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes execution.requests: the consumer group spreads async work over the replicas. Redelivery
 * is harmless: only a pending execution is started.
 */
@ApplicationScoped
public class ExecutionRequestConsumer {
    private static final Logger LOG = Logger.getLogger(ExecutionRequestConsumer.class);

    @Inject
    ObjectMapper mapper;
    @Inject
    AsyncRunner runner;

    @Incoming("execution-requests")
    @Blocking(ordered = false)
    public void consume(String payload) {
        try {
            EventEnvelope event = EventEnvelope.parse(payload, mapper);
            if ("execution.requested".equals(event.type())) {
                runner.run(event.dataAs(WorkItem.class, mapper));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not handle an execution request");
        }
    }
}
