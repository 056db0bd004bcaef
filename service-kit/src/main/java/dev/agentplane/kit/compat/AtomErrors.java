package dev.agentplane.kit.compat;

import dev.agentplane.kit.error.ErrorCodes;
import dev.agentplane.kit.error.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Rewrites the problem documents of {@link AtomApi} resources (from the one exception mapper, the
 * rate limiter, the security checks) into seed 002's error object; status, code and message are the
 * problem's own, only the shape changes. Codes seed 002 spells differently are renamed.
 */
@Provider
@AtomApi
public class AtomErrors implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem p) {
            response.setEntity(AtomEnvelope.failure(codeOf(p), p.detail(), p.requestId()), new java.lang.annotation.Annotation[0],
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }

    static String codeOf(Problem p) {
        return switch (p.code()) {
            case ErrorCodes.MALFORMED_JSON, "MALFORMED_YAML" -> ErrorCodes.INVALID_INPUT;
            default -> p.code();
        };
    }
}
