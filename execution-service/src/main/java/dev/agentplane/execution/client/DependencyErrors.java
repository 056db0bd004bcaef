package dev.agentplane.execution.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * What another service's error answer becomes here (registered on every client interface): a 5xx is
 * {@link Unavailable} (503 to our caller, retried once by the interface's {@code @Retry}); a 4xx is {@link Refused}
 * — a platform fault (502) unless the client that made the call turns it into the caller's error (404 → the
 * resource's own not-found, 402 → insufficient credits).
 */
public class DependencyErrors implements ResponseExceptionMapper<ApiException> {
    private static final Logger LOG = Logger.getLogger(DependencyErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ApiException toThrowable(Response response) {
        int status = response.getStatus();
        JsonNode body = body(response);
        if (status >= 500) {
            return new Unavailable(status);
        }
        return new Refused(status, body);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    private static JsonNode body(Response response) {
        try {
            return response.hasEntity() ? JSON.readTree(response.readEntity(String.class)) : JSON.missingNode();
        } catch (Exception unreadable) {
            return JSON.missingNode();
        }
    }

    /** A service that answered 5xx (after the retry): our caller may try again shortly. */
    public static final class Unavailable extends ApiException {
        Unavailable(int status) {
            super(503, ErrorCodes.SERVICE_UNAVAILABLE, "A platform service is not available right now; try again shortly.");
            LOG.warnf("a platform service answered %d", status);
        }
    }

    /**
     * A service that refused the call (4xx): its status, problem code and body, for the client that knows what
     * the refusal means; answered as 502 BAD_DEPENDENCY_ANSWER when nobody does.
     */
    public static final class Refused extends ApiException {
        private final int status;
        private final JsonNode body;

        Refused(int status, JsonNode body) {
            super(502, "BAD_DEPENDENCY_ANSWER", "A platform service refused a request from this service.", List.of(),
                    Map.of());
            this.status = status;
            this.body = body;
        }

        /** What the other service answered (this exception's own status is 502). */
        public int refusedWith() {
            return status;
        }

        /** The other service's problem code, or null. */
        public String refusalCode() {
            return body.path("code").asText(null);
        }

        public JsonNode body() {
            return body;
        }
    }
}
