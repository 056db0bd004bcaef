package dev.agentplane.kit.request;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/** The X-Request-Id of the current request: taken from the caller when well-formed, made up otherwise. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String KAFKA_HEADER = "x-request-id";
    public static final String MDC_KEY = "request_id";
    static final String PROPERTY = "agentplane.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Accepts a caller's id only if it is short and safe to log; otherwise makes a new one. */
    public static String accept(String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static String of(ContainerRequestContext request) {
        if (request != null && request.getProperty(PROPERTY) instanceof String id) {
            return id;
        }
        return current();
    }

    /** The id of the request or event being handled on this thread, if any. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
