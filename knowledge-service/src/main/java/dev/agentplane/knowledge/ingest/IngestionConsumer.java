package dev.agentplane.knowledge.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.event.EventEnvelope;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Takes ingestion work items from {@code knowledge.requests} (the consumer group spreads them over the
 * replicas; one ingestion at a time per replica, embedding is CPU-bound), and sweeps for documents whose
 * work item was lost or whose replica died.
 */
@ApplicationScoped
public class IngestionConsumer {
    private static final Logger LOG = Logger.getLogger(IngestionConsumer.class);

    @Inject
    Ingestor ingestor;
    @Inject
    IngestionJobs jobs;
    @Inject
    ObjectMapper mapper;

    @Incoming("ingestion")
    @Blocking
    public void consume(String payload) {
        try {
            EventEnvelope event = EventEnvelope.parse(payload, mapper);
            if (IngestionRequest.TYPE.equals(event.type()) && event.workspace() != null && event.data() != null) {
                IngestionRequest request = event.dataAs(IngestionRequest.class, mapper);
                ingestor.ingest(event.workspace(), UUID.fromString(request.documentId()));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not handle an ingestion request");
        }
    }

    @Scheduled(every = "${agentplane.knowledge.ingestion.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int swept = jobs.sweep();
        if (swept > 0) {
            LOG.infof("handed out %d stale documents again", swept);
        }
    }
}
