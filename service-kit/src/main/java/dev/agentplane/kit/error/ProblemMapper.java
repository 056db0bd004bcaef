package dev.agentplane.kit.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.agentplane.kit.data.SqlErrors;
import dev.agentplane.kit.json.UnacceptableTextException;
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

import java.sql.SQLException;
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
        Response r = Problems.response(e.status(), e.code(), e.getMessage(), e.errors(), e.extensions(), request);
        if (e.status() != 503) {
            return r;
        }
        // every 503 says when to come back, as the mapper's own 503s do (the fault suite found ones that did not)
        Object after = e.extensions() == null ? null : e.extensions().get("retry_after");
        return Response.fromResponse(r).header("Retry-After", after != null ? String.valueOf(after) : "1").build();
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
        if (e instanceof UnacceptableTextException text) {
            String field = pathOf(text);
            String name = field.isEmpty() ? "The request body" : "The field '" + field + "'";
            return Problems.response(400, ErrorCodes.INVALID_INPUT, name + " " + text.rule() + ".",
                    List.of(new FieldError(field.isEmpty() ? "body" : field, text.rule())), Map.of(), request);
        }
        String field = e instanceof DatabindException bind ? pathOf(bind) : "";
        List<FieldError> errors = field.isEmpty() ? List.of() : List.of(new FieldError(field, "has the wrong type"));
        return Problems.response(400, ErrorCodes.MALFORMED_JSON, describe(e, field), errors, Map.of(), request);
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

    /**
     * A call to another platform service that found no one to answer it (refused or closed connections, after the
     * client's retry): the caller may try again shortly, as with a database that is away.
     */
    @ServerExceptionMapper
    public Response unreachable(jakarta.ws.rs.ProcessingException e, ContainerRequestContext request) {
        return serviceCallFailed(e, request);
    }

    @ServerExceptionMapper
    public Response connectionClosed(io.vertx.core.http.HttpClosedException e, ContainerRequestContext request) {
        return serviceCallFailed(e, request);
    }

    private static Response serviceCallFailed(Exception e, ContainerRequestContext request) {
        LOG.warnf("request %s: a service call failed: %s", RequestIds.of(request), e.getMessage());
        return Response.fromResponse(Problems.response(503, ErrorCodes.SERVICE_UNAVAILABLE,
                "A platform service is not available right now; try again shortly.", List.of(), Map.of(), request))
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        SQLException sql = SqlErrors.sqlCause(e);
        if (sql != null) {
            Response answer = database(sql, request);
            if (answer != null) {
                LOG.warnf("request %s: database refused (%s): %s", RequestIds.of(request), sql.getSQLState(),
                        sql.getMessage());
                return answer;
            }
        }
        if (e instanceof java.io.IOException && readingForm(e)) {
            return Problems.response(400, ErrorCodes.INVALID_INPUT,
                    "The request body is not a well-formed form or multipart body.", List.of(), Map.of(), request);
        }
        LOG.errorf(e, "request %s failed", RequestIds.of(request));
        return Problems.response(500, ErrorCodes.INTERNAL_ERROR, "The server could not complete the request.",
                List.of(), Map.of(), request);
    }

    /**
     * True when the framework's form reader threw: a body sent as multipart that is not multipart ends there
     * with a plain IOException ("Connection terminated parsing multipart request"), before any resource runs.
     */
    private static boolean readingForm(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")
                    || frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What PostgreSQL's refusal means for the client, by SQLSTATE: a character it cannot store (22021 a NUL in
     * text, 22P05 one in jsonb; only a client sends those, the request rules catch most) is the request's fault;
     * a lost or refused connection (08, 57P0x, a pool timeout) or a serialization failure (40) is worth
     * retrying. Other states stay 500: a value too long for its column may be the platform's own data.
     */
    private static Response database(SQLException e, ContainerRequestContext request) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("22021") || state.equals("22P05")) {
            return Problems.response(400, ErrorCodes.INVALID_INPUT,
                    "A value in the request holds a character that cannot be stored (a NUL, \\u0000).",
                    List.of(), Map.of(), request);
        }
        if (state.equals("23505") || state.equals("23P01") || state.equals("23503")) {
            return Problems.response(409, ErrorCodes.CONFLICT,
                    "The request conflicts with the current state of a resource; read it again and retry.",
                    List.of(), Map.of(), request);
        }
        if (SqlErrors.isTransient(e)) {
            Response r = Problems.response(503, ErrorCodes.SERVICE_UNAVAILABLE,
                    "The database is briefly unavailable; retry the request.", List.of(), Map.of(), request);
            return Response.fromResponse(r).header("Retry-After", "1").build();
        }
        return null;
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

    /** Our own words only: Jackson's messages name Java classes and methods. */
    private static String describe(JsonProcessingException e, String field) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        if (e instanceof StreamConstraintsException) {
            return "The request body exceeds a JSON limit (nesting depth, number or string length)" + where + ".";
        }
        if (e instanceof StreamReadException read) {
            return "The request body is not valid JSON" + where + ": " + read.getOriginalMessage();
        }
        if (!field.isEmpty()) {
            return "The field '" + field + "' has the wrong type" + where + ".";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (target.isArray() || java.util.Collection.class.isAssignableFrom(target)
                    || com.fasterxml.jackson.databind.node.ArrayNode.class.isAssignableFrom(target)) {
                return "The request body must be a JSON array" + where + ".";
            }
            if (!target.isPrimitive() && !target.getName().startsWith("java.lang.")) {
                return "The request body must be a JSON object" + where + ".";
            }
        }
        return "The request body does not have the shape this endpoint accepts" + where + ".";
    }

    /** "items[2].name" from Jackson's path references. */
    private static String pathOf(DatabindException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        return mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
    }
}
