package dev.agentplane.billing.token;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Exchanges the API key of the request (X-API-Key) for a short-lived bearer token. */
@Path("/v1/auth/token")
public class TokenResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    TokenService tokens;

    @POST
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public TokenService.AccessToken exchange() {
        Caller fromKey = identity.getAttribute(Caller.ATTRIBUTE);
        if (fromKey == null) {
            // a token must not mint longer-lived successors of itself
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "Send the API key to exchange in X-API-Key.");
        }
        return tokens.issue(fromKey);
    }
}
