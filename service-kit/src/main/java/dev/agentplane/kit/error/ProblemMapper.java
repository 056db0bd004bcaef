package dev.agentplane.kit.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.agentplane.kit.request.RequestIds;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * Turns every exception a request can end with into an RFC 9457 problem document. Unknown
 * exceptions become a 500 without any class name or stack trace; the log keeps the details.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, ContainerRequestContext request) {
        return Problems.response(e.status(), e.code(), e.getMessage(), e.errors(), e.extensions(), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response violation(ResteasyReactiveViolationException e, ContainerRequestContext request) {
        return constraintViolation(e, request);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, ContainerRequestContext request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        return Problems.response(400, ErrorCodes.INVALID_INPUT, "The request has invalid fields.", errors, Map.of(), request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, ContainerRequestContext request) {
        return Problems.response(400, ErrorCodes.MALFORMED_JSON, describe(e), List.of(), Map.of(), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatch(MismatchedInputException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, ContainerRequestContext request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, ContainerRequestContext request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return Problems.response(403, ErrorCodes.FORBIDDEN, "This credential may not perform this operation.",
                List.of(), Map.of(), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", RequestIds.of(request));
            return Problems.response(status, ErrorCodes.INTERNAL_ERROR, "The server could not complete the request.",
                    List.of(), Map.of(), request);
        }
        return Problems.response(status, Problems.codeFor(status), Problems.detailFor(status), List.of(), Map.of(), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        LOG.errorf(e, "request %s failed", RequestIds.of(request));
        return Problems.response(500, ErrorCodes.INTERNAL_ERROR, "The server could not complete the request.",
                List.of(), Map.of(), request);
    }

    private static Response unauthenticated(ContainerRequestContext request) {
        Response r = Problems.response(401, ErrorCodes.UNAUTHORIZED,
                "Missing or invalid credentials: send an X-API-Key header or an Authorization: Bearer token.",
                List.of(), Map.of(), request);
        return Response.fromResponse(r).header("WWW-Authenticate", "Bearer").build();
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // "create.arg0.name" -> "name": drop the method and parameter segments of the property path
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        String field = parts.length == 3 ? parts[2] : parts[parts.length - 1];
        // the API speaks snake_case: "executionId" -> "execution_id", as the client sent it
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            return "The field '" + field + "' has the wrong type" + where + ".";
        }
        return "The request body is not valid JSON" + where + ": " + e.getOriginalMessage();
    }
}
