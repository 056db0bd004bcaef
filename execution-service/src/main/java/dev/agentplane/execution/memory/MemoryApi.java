package dev.agentplane.execution.memory;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** session-service's memory store (the workspace is the service token's). */
@RegisterRestClient(configKey = "session-service")
@Path("/internal/memories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MemoryApi {
    @POST
    Added add(AddFacts body, @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/search")
    Recalled search(Search body, @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

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
