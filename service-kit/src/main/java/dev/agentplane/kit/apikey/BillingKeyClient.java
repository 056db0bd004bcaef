package dev.agentplane.kit.apikey;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's key verification endpoint, called with a platform-wide service token. */
@RegisterRestClient(configKey = "billing-service")
@RegisterClientHeaders(PlatformServiceHeaders.class)
@Path("/internal/api-keys")
public interface BillingKeyClient {

    /** The request body of the verification call. */
    record VerifyRequest(String key) {
    }

    @POST
    @Path("/verify")
    Uni<VerifiedKey> verify(VerifyRequest request);
}
