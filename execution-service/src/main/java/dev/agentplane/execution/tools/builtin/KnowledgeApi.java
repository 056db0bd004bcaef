package dev.agentplane.execution.tools.builtin;

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
import java.util.Map;

/** knowledge-service's internal search, on behalf of the caller's workspace (the only one it searches). */
@RegisterRestClient(configKey = "knowledge-service")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Path("/internal/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface KnowledgeApi {
    @POST
    @Path("/search")
    Found search(@NotBody Caller caller, SearchBody body);

    /** What to search: the agent's bases, the model's query, how many chunks, and an optional metadata filter. */
    record SearchBody(List<String> knowledgeBaseIds, String query, int topK, Map<String, String> filter) {
    }

    /** The chunks found, best first. */
    record Found(List<Chunk> items) {
    }

    /** One chunk: its text, score, base, the document it came from and where in it (page, heading). */
    record Chunk(String text, double score, String knowledgeBaseId, Document document, Integer page, String heading) {
    }

    /** The source of a chunk. */
    record Document(String id, String title) {
    }
}
