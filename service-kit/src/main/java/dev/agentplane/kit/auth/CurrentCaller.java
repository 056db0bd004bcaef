package dev.agentplane.kit.auth;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The authenticated caller of the current request, whatever credential it used. */
@RequestScoped
public class CurrentCaller {
    @Inject
    SecurityIdentity identity;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    /** The caller's workspace; a platform credential (another service for no workspace, the operator) has none: 401. */
    public String workspaceId() {
        return named(get().workspaceId());
    }

    public String tenantId() {
        return named(get().tenantId());
    }

    private static String named(String id) {
        if (id == null) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "The credential does not name a workspace.");
        }
        return id;
    }

    private Caller resolve() {
        if (identity == null || identity.isAnonymous()) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "Missing or invalid credentials.");
        }
        Caller caller = of(identity);
        if (caller == null) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "The credential does not name a workspace.");
        }
        return caller;
    }

    /** The caller an identity stands for, or null when it is anonymous or carries no caller (filters use this). */
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Caller fromMechanism = identity.getAttribute(Caller.ATTRIBUTE);
        if (fromMechanism != null) {
            return fromMechanism;
        }
        return identity.getPrincipal() instanceof JsonWebToken jwt ? fromToken(jwt) : null;
    }

    static Caller fromToken(JsonWebToken jwt) {
        Set<String> agents = new HashSet<>();
        Object claim = jwt.getClaim(Claims.AGENTS);
        if (claim instanceof Collection<?> list) {
            list.forEach(a -> agents.add(unquote(a.toString())));
        }
        return new Caller(jwt.getSubject(), stringClaim(jwt, Claims.TENANT), stringClaim(jwt, Claims.WORKSPACE),
                jwt.getGroups(), stringClaim(jwt, Claims.TIER), agents, stringClaim(jwt, Claims.KEY_ID));
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value == null ? null : unquote(value.toString());
    }

    private static String unquote(String s) {
        // JSON-P string values print with their quotes
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
