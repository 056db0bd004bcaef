package dev.agentplane.execution.memory;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** knowledge-service's embedding model (see docs/architecture.md, "Memory"). */
@RegisterRestClient(configKey = "knowledge-service")
@Path("/internal/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface EmbeddingApi {
    @POST
    Embeddings embed(Texts body, @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    record Texts(List<String> texts) {
    }

    /** Unit-length vectors, in the order of the texts. */
    record Embeddings(String model, int dimensions, List<float[]> embeddings) {
    }
}
