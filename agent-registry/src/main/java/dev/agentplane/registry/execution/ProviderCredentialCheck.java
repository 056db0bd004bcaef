package dev.agentplane.registry.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Whether the caller's workspace has a provider credential of a name (an agent's llm_config.provider that is not
 * a catalog provider). Fails open: when the execution service cannot say, the agent is saved, and a run on a
 * missing credential answers 422 PROVIDER_NOT_CONFIGURED.
 */
@ApplicationScoped
public class ProviderCredentialCheck {
    private static final Logger LOG = Logger.getLogger(ProviderCredentialCheck.class);

    @Inject
    Calls calls;

    /** False only when the execution service said the workspace has no such credential. */
    public boolean mayExist(String name) {
        try {
            return calls.exists(name);
        } catch (RuntimeException e) {
            LOG.warnf("execution service could not say whether provider credential %s exists: %s", name,
                    e.getClass().getSimpleName());
            return true;
        }
    }

    /** The guarded remote call (a separate bean so that the fault-tolerance interceptors apply). */
    @ApplicationScoped
    public static class Calls {
        @Inject
        @RestClient
        ProviderCredentialsClient client;

        @Timeout(3000)
        @Retry(maxRetries = 1, delay = 100)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public boolean exists(String name) {
            try {
                // a 404 is an answer (false), neither retried nor counted by the breaker
                return client.known(name) != null;
            } catch (WebApplicationException e) {
                if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                    return false;
                }
                throw e;
            }
        }
    }
}
