package dev.agentplane.kit.apikey;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Verifies keys by asking billing-service ({@code quarkus.rest-client.billing-service.url}). */
@DefaultBean
@ApplicationScoped
public class RemoteApiKeyVerifier implements ApiKeyVerifier {
    private static final Logger LOG = Logger.getLogger(RemoteApiKeyVerifier.class);

    @Inject
    @RestClient
    BillingKeyClient billing;

    @ConfigProperty(name = "agentplane.api-key.verify-timeout", defaultValue = "3s")
    Duration timeout;

    @Override
    public Uni<VerifiedKey> verify(String key) {
        return billing.verify(new BillingKeyClient.VerifyRequest(key))
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
                        return Uni.createFrom().nullItem();
                    }
                    LOG.warnf("API key verification failed: %s", failure.toString());
                    return Uni.createFrom().failure(new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE,
                            "API keys cannot be verified right now; retry shortly or use a bearer token."));
                });
    }
}
