package dev.agentplane.kit.error;

import dev.agentplane.kit.request.RequestIds;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds problem+json responses; also used by filters that answer before a resource runs. */
public final class Problems {
    private Problems() {
    }

    public static Response response(int status, String code, String detail, List<FieldError> errors,
                                    Map<String, Object> extensions, ContainerRequestContext request) {
        String instance = request == null ? null : request.getUriInfo().getPath();
        Problem problem = new Problem(typeOf(code), titleFor(status), status, detail, instance, code,
                RequestIds.of(request), errors, extensions);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static String typeOf(String code) {
        return "https://agentplane.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String titleFor(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCodes.INVALID_INPUT;
            case 401 -> ErrorCodes.UNAUTHORIZED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCodes.NOT_ACCEPTABLE;
            case 409 -> ErrorCodes.CONFLICT;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCodes.RATE_LIMIT_EXCEEDED;
            case 503 -> ErrorCodes.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCodes.INTERNAL_ERROR : ErrorCodes.INVALID_INPUT;
        };
    }

    static String detailFor(int status) {
        return switch (status) {
            case 404 -> "No resource exists at this path.";
            case 405 -> "This path does not support the HTTP method used.";
            case 406 -> "None of the media types in Accept can be produced here.";
            case 413 -> "The request body is larger than this endpoint accepts.";
            case 415 -> "The Content-Type of the request body is not supported here.";
            default -> titleFor(status) + ".";
        };
    }
}
