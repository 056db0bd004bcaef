package dev.agentplane.execution.memory;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.client.ServiceCallFilter;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.rest.client.reactive.NotBody;
import io.vertx.core.VertxException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** session-service's memory store, on behalf of the caller's workspace; adding is idempotent, so it is retried too. */
@RegisterRestClient(configKey = "session-service")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Path("/internal/memories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MemoryApi {
    @POST
    Added add(@NotBody Caller caller, AddFacts body);

    @POST
    @Path("/search")
    Recalled search(@NotBody Caller caller, Search body);

    /** Facts about an external user from one execution, with their embeddings. */
    record AddFacts(String externalUserId, String agentId, String executionId, String embeddingModel,
                    List<NewFact> facts) {
    }

    /** {@code replaces}: the id of a stored memory the user contradicted. */
    record NewFact(String fact, float[] embedding, String replaces) {
    }

    record Added(List<Stored> memories, int skipped) {
    }

    record Stored(String id, String fact, boolean replaced) {
    }

    /** The user's memories nearest the embedding (the most recent ones without it). */
    record Search(String externalUserId, String agentId, float[] embedding, int topK) {
    }

    record Recalled(List<Memory> memories) {
    }

    /** A stored fact; {@code score} is its cosine similarity to the query (null without embeddings). */
    record Memory(String id, String fact, Double score, String executionId) {
    }
}
