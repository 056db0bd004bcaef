package dev.agentplane.execution.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.client.ServiceTokens;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * How this service calls another: a service JWT for the caller's workspace (works on any thread,
 * unlike a request-scoped header factory, so async and batch work can call too), one retry on
 * connection failures and 5xx, and the answer's status read by the caller of this helper.
 */
@ApplicationScoped
public class DependencyCall {
    private static final Logger LOG = Logger.getLogger(DependencyCall.class);
    private static final int ATTEMPTS = 2;

    @Inject
    ServiceTokens tokens;
    @Inject
    ObjectMapper mapper;

    public String bearer(Caller caller) {
        return "Bearer " + tokens.tokenFor(caller);
    }

    public String requestId() {
        return RequestIds.current();
    }

    /** Runs the call; 5xx and unreachable become 503 SERVICE_UNAVAILABLE after a retry. */
    public Answer call(String service, Supplier<Response> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Response response = call.get()) {
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                if (response.getStatus() < 500) {
                    return new Answer(response.getStatus(), body);
                }
                last = new IllegalStateException(service + " answered " + response.getStatus());
            } catch (ProcessingException e) {
                last = e;
            }
            LOG.warnf("call to %s failed (attempt %d): %s", service, attempt, last.getMessage());
        }
        throw new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE,
                "The " + service + " is not available right now; try again shortly.");
    }

    /** A dependency's answer: status and raw body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String code() {
            try {
                return new ObjectMapper().readTree(body).path("code").asText(null);
            } catch (Exception e) {
                return null;
            }
        }
    }

    public <T> T read(Answer answer, Class<T> type) {
        try {
            return mapper.readValue(answer.body(), type);
        } catch (Exception e) {
            throw new ApiException(502, "BAD_DEPENDENCY_ANSWER", "A platform service gave an answer this service cannot read.");
        }
    }

    public JsonNode tree(Answer answer) {
        return read(answer, JsonNode.class);
    }

    /** Any unexpected 4xx from a dependency is a platform fault, not the caller's. */
    public ApiException unexpected(String service, Answer answer) {
        LOG.warnf("%s answered %d unexpectedly: %s", service, answer.status(), answer.code());
        return new ApiException(502, "BAD_DEPENDENCY_ANSWER", "The " + service + " refused a request from this service.");
    }

}
