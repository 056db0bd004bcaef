package dev.agentplane.kit.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lets a signed JWT in only when it says who calls ({@code sub}) and for which tenant and workspace, each a
 * well-formed string, and was not issued in the future. SmallRye JWT checks the signature, issuer, audience and
 * expiry only: a token without {@code workspace} listed nothing, failed writes and skipped the rate limiter.
 * Platform credentials (only the {@code service} or {@code admin} scope: another service acting for no workspace,
 * the operator) are the one kind that may name no workspace, and then no tenant either.
 */
@ApplicationScoped
public class TokenClaimsCheck implements SecurityIdentityAugmentor {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}");
    private static final Set<String> PLATFORM_SCOPES = Set.of(Scopes.SERVICE, Scopes.ADMIN);

    @ConfigProperty(name = "mp.jwt.verify.clock.skew")
    int clockSkewSeconds;

    @Override
    public int priority() {
        // before the revocation check: a malformed token is refused without a Redis look-up
        return 10;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String problem = problemWith(jwt);
        return problem == null ? Uni.createFrom().item(identity)
                : Uni.createFrom().failure(new AuthenticationFailedException("the token " + problem));
    }

    private String problemWith(JsonWebToken jwt) {
        if (!matches(jwt.getClaim("sub"), SUBJECT)) {
            return "names no well-formed subject";
        }
        Object tenant = jwt.getClaim(Claims.TENANT);
        Object workspace = jwt.getClaim(Claims.WORKSPACE);
        boolean platformOnly = !jwt.getGroups().isEmpty() && PLATFORM_SCOPES.containsAll(jwt.getGroups());
        if (!(platformOnly && tenant == null && workspace == null)
                && !(matches(tenant, ID) && matches(workspace, ID))) {
            return "names no well-formed tenant and workspace";
        }
        Object issuedAt = jwt.getClaim("iat");
        long iat = issuedAt instanceof JsonNumber n ? n.longValue() : issuedAt instanceof Number n ? n.longValue() : 0;
        if (iat > System.currentTimeMillis() / 1000 + clockSkewSeconds) {
            return "was issued in the future";
        }
        return null;
    }

    private static boolean matches(Object claim, Pattern pattern) {
        String value = claim instanceof JsonString s ? s.getString() : claim instanceof String s ? s : null;
        return value != null && pattern.matcher(value).matches();
    }
}
