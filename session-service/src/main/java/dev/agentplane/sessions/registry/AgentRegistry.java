package dev.agentplane.sessions.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import dev.agentplane.kit.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/** Calls to the agent registry with timeouts, retries and a circuit breaker; failures become problems. */
@ApplicationScoped
public class AgentRegistry {
    public static final String AGENT_NOT_FOUND = "AGENT_NOT_FOUND";
    public static final String REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AgentRegistry.class);

    @Inject
    Calls calls;

    /** The agent's current definition (with its {@code version}); 404 AGENT_NOT_FOUND when unknown. */
    public JsonNode agent(String agentId) {
        JsonNode agent;
        try {
            agent = calls.agent(agentId);
        } catch (ProcessingException | WebApplicationException | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            throw unavailable(e);
        }
        if (agent == null) {
            throw ApiException.notFound(AGENT_NOT_FOUND, "No agent '" + agentId + "' exists in this workspace.");
        }
        return agent;
    }

    /** Throws 400 INVALID_INPUT listing the registry's errors when the config is not valid. */
    public void requireValid(JsonNode config) {
        AgentRegistryApi.Validation verdict;
        try {
            verdict = calls.validate(config);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 400 || status == 422) {
                JsonNode problem = e.getResponse().readEntity(JsonNode.class);
                verdict = new AgentRegistryApi.Validation(false, problem == null ? List.of()
                        : toList(problem.path("errors")));
            } else {
                throw unavailable(e);
            }
        } catch (ProcessingException | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            throw unavailable(e);
        }
        if (verdict == null || verdict.valid()) {
            return;
        }
        List<FieldError> errors = verdict.errors() == null ? List.of() : verdict.errors().stream()
                .map(e -> new FieldError(e.path("pointer").asText(e.path("field").asText("")),
                        e.path("message").asText("invalid")))
                .toList();
        throw ApiException.invalid("The agent configuration is not valid.", errors);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static ApiException unavailable(Exception cause) {
        LOG.warnf("agent registry call failed: %s", cause.toString());
        return new ApiException(503, REGISTRY_UNAVAILABLE, "The agent registry could not be reached; retry shortly.");
    }

    /** The guarded calls themselves (a separate bean so that the fault-tolerance interceptors apply). */
    @ApplicationScoped
    public static class Calls {
        @Inject
        @RestClient
        AgentRegistryApi api;

        @Timeout(3000)
        @Retry(maxRetries = 2, delay = 100, retryOn = ProcessingException.class)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public JsonNode agent(String agentId) {
            try {
                return api.agent(agentId);
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                if (status == 404) {
                    return null;
                }
                // a 5xx is worth a retry; anything else is not
                throw status >= 500 ? new ProcessingException("registry answered " + status) : e;
            }
        }

        @Timeout(3000)
        @Retry(maxRetries = 2, delay = 100, retryOn = ProcessingException.class)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public AgentRegistryApi.Validation validate(JsonNode config) {
            return api.validate(config);
        }
    }
}
