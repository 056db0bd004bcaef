package dev.agentplane.execution.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.run.WorkItem;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes execution.requests: the consumer group spreads async work over the replicas. A work item
 * is acknowledged as soon as its execution has left pending (the run itself may take minutes: with
 * the throttled commit strategy a record unacknowledged for a minute marks the channel, and the
 * service's liveness, DOWN). Redelivery is harmless: only a pending execution is started.
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
    public CompletionStage<Void> consume(Message<String> message) {
        AtomicBoolean acknowledged = new AtomicBoolean();
        Runnable acknowledge = () -> {
            if (acknowledged.compareAndSet(false, true)) {
                message.ack();
            }
        };
        try {
            EventEnvelope event = EventEnvelope.parse(message.getPayload(), mapper);
            if ("execution.requested".equals(event.type())) {
                runner.run(event.dataAs(WorkItem.class, mapper), acknowledge);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not handle an execution request");
        } finally {
            acknowledge.run();
        }
        return CompletableFuture.completedFuture(null);
    }
}
