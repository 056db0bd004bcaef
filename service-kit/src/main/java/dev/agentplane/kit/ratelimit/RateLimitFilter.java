package dev.agentplane.kit.ratelimit;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ErrorCodes;
import dev.agentplane.kit.error.Problems;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.List;
import java.util.Map;

/**
 * Enforces the workspace's rate limits on every authenticated request of a workspace credential
 * (service and operator calls are not counted), checks that {@code X-Workspace-Id}, when sent,
 * names the credential's workspace, and adds the rate-limit fields to the response. When Redis is
 * unreachable requests are admitted (fail open) and the fields are left out.
 */
public class RateLimitFilter {
    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);
    static final String RESULT = "agentplane.rate-limit";
    static final String WORKSPACE_HEADER = "X-Workspace-Id";

    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    RateLimiter limiter;

    @ConfigProperty(name = "agentplane.rate-limit.enabled", defaultValue = "true")
    boolean enabled;

    @ServerRequestFilter(priority = 2000)
    public Uni<Response> admit(ContainerRequestContext request) {
        return identities.getDeferredIdentity()
                .map(CurrentCaller::of)
                .onFailure().recoverWithNull()
                .flatMap(caller -> caller == null || caller.workspaceId() == null ? Uni.createFrom().nullItem()
                        : check(request, caller));
    }

    private Uni<Response> check(ContainerRequestContext request, Caller caller) {
        String claimed = request.getHeaderString(WORKSPACE_HEADER);
        if (claimed != null && !caller.workspaceId().equals(claimed.strip().replaceFirst("^workspace:", ""))) {
            return Uni.createFrom().item(Problems.response(403, ErrorCodes.WORKSPACE_MISMATCH,
                    "X-Workspace-Id does not name the workspace of this credential.", List.of(), Map.of(), request));
        }
        if (!enabled || caller.has(Scopes.SERVICE) || caller.has(Scopes.ADMIN)) {
            return Uni.createFrom().nullItem();
        }
        return limiter.admit(caller.workspaceId(), caller.tier())
                .map(result -> {
                    request.setProperty(RESULT, result);
                    return result.allowed() ? null : refusal(request, result);
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("rate limiter unavailable, admitting: %s", e.getMessage());
                    return null;
                });
    }

    private static Response refusal(ContainerRequestContext request, RateLimitResult result) {
        Response problem = Problems.response(429, ErrorCodes.RATE_LIMIT_EXCEEDED,
                "The workspace's request limit is used up; retry after " + result.secondsToReset() + " s.",
                List.of(), Map.of("retry_after", result.secondsToReset()), request);
        return Response.fromResponse(problem).header("Retry-After", Long.toString(result.secondsToReset())).build();
    }

    @ServerResponseFilter
    public void fields(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(RESULT) instanceof RateLimitResult result) {
            result.headers().forEach((name, value) -> response.getHeaders().putSingle(name, value));
        }
    }
}
