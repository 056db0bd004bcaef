package dev.agentplane.registry.knowledge;

import dev.agentplane.kit.client.ServiceAuthHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** knowledge-service's lookup: which of these knowledge base ids exist in the caller's workspace. */
@RegisterRestClient(configKey = "knowledge-service")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@Path("/internal/knowledge-bases/lookup")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface KnowledgeBasesClient {
    record Lookup(List<String> ids) {
    }

    /** Another workspace's base is simply missing. */
    record Found(List<String> found, List<String> missing) {
    }

    @POST
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    Found lookup(Lookup ids);
}
