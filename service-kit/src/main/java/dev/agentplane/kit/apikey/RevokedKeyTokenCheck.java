package dev.agentplane.kit.apikey;

import dev.agentplane.kit.auth.Claims;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Refuses a bearer token exchanged for an API key that has since been revoked, so revocation
 * reaches tokens too, not only the key. Tokens without {@code kid_ref} (service tokens) pass.
 * When Redis cannot answer the token is accepted: it still expires on its own.
 */
@ApplicationScoped
public class RevokedKeyTokenCheck implements SecurityIdentityAugmentor {
    private static final Logger LOG = Logger.getLogger(RevokedKeyTokenCheck.class);

    @Inject
    RevokedKeys revoked;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getClaim(Claims.KEY_ID) == null) {
            return Uni.createFrom().item(identity);
        }
        String keyId = jwt.getClaim(Claims.KEY_ID).toString().replace("\"", "");
        return revoked.contains(keyId)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("revoked-key check unavailable: %s", e.getMessage());
                    return false;
                })
                .flatMap(isRevoked -> isRevoked
                        ? Uni.createFrom().failure(new AuthenticationFailedException("the token's API key was revoked"))
                        : Uni.createFrom().item(identity));
    }
}
