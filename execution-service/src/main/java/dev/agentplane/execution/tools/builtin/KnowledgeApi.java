package dev.agentplane.execution.tools.builtin;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** knowledge-service's internal search (the workspace is the service token's). */
@RegisterRestClient(configKey = "knowledge-service")
@Path("/internal/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface KnowledgeApi {
    @POST
    @Path("/search")
    Response search(SearchBody body, @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    /** What to search: the agent's bases, the model's query, how many chunks. */
    record SearchBody(List<String> knowledgeBaseIds, String query, int topK) {
    }
}
