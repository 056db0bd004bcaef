package dev.agentplane.registry.execution;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks the execution service whether an agent is busy. Fails closed: when the answer cannot be had,
 * the caller gets a 503 and nothing is deleted, because deleting an agent under a running execution
 * would break that execution's next step.
 */
@ApplicationScoped
public class ActiveExecutionsCheck {
    private static final Logger LOG = Logger.getLogger(ActiveExecutionsCheck.class);

    @Inject
    Calls calls;

    public int activeExecutions(String agentId) {
        try {
            return calls.active(agentId);
        } catch (RuntimeException e) {
            LOG.warnf("execution service could not say whether agent %s is busy: %s", agentId, e.toString());
            throw new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE,
                    "The execution service cannot confirm that the agent has no running executions; try again.");
        }
    }

    /** The guarded remote call (a separate bean so that the fault-tolerance interceptors apply). */
    @ApplicationScoped
    public static class Calls {
        @Inject
        @RestClient
        ExecutionServiceClient client;

        @Timeout(3000)
        @Retry(maxRetries = 2, delay = 100)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public int active(String agentId) {
            ExecutionServiceClient.ActiveExecutions answer = client.active(agentId);
            if (answer == null) {
                throw new IllegalStateException("empty answer");
            }
            return answer.active();
        }
    }
}
