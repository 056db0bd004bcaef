package dev.agentplane.execution.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.intake.WorkItem;
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
 * <p>
 * Runs take threads of their own ({@value #ASYNC_RUNS}), at most {@code agentplane.async.concurrency} at
 * once per replica: a burst of queued work never takes the worker threads sync requests need, and the
 * items beyond the bound wait in Kafka, not here (a record is only taken when a run ends).
 */
@ApplicationScoped
public class ExecutionRequestConsumer {
    private static final Logger LOG = Logger.getLogger(ExecutionRequestConsumer.class);
    static final String ASYNC_RUNS = "async-runs";

    @Inject
    ObjectMapper mapper;
    @Inject
    AsyncRunner runner;

    @Incoming("execution-requests")
    @Blocking(value = ASYNC_RUNS, ordered = false)
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
