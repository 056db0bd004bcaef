package dev.agentplane.registry.billing;

import dev.agentplane.kit.client.ServiceAuthHeaders;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's answer to "how many agents may the caller's workspace have" (its tier's limit). */
@RegisterRestClient(configKey = "billing-service")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@Path("/internal/workspace/agent-limits")
@Produces(MediaType.APPLICATION_JSON)
public interface AgentLimitsClient {
    /** {@code maxAgents} negative: unlimited. */
    record AgentLimits(String workspaceId, String tier, int maxAgents) {
    }

    @GET
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    AgentLimits get();
}
