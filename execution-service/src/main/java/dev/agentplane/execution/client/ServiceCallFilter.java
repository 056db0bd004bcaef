package dev.agentplane.execution.client;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.client.ServiceTokens;
import dev.agentplane.kit.request.RequestIds;
import io.quarkus.arc.Arc;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;

/**
 * The headers of every call this service makes to another: a service JWT on behalf of the workspace the call is
 * for, and the current X-Request-Id. The workspace is the client method's {@link Caller} argument (marked
 * {@code @NotBody}): runs go on in async workers, batches and resumes, where no request scope could tell it.
 * Registered on every client interface with {@code @RegisterProvider}.
 */
public class ServiceCallFilter implements ClientRequestFilter {
    /** Where Quarkus's REST client leaves the invoked method's arguments for filters. */
    private static final String ARGUMENTS = "io.quarkus.rest.client.invokedMethodParameters";

    @Override
    public void filter(ClientRequestContext request) {
        Caller caller = null;
        if (request.getProperty(ARGUMENTS) instanceof List<?> arguments) {
            for (Object argument : arguments) {
                if (argument instanceof Caller c) {
                    caller = c;
                    break;
                }
            }
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION,
                "Bearer " + Arc.container().instance(ServiceTokens.class).get().tokenFor(caller));
        String requestId = RequestIds.current();
        if (requestId != null) {
            request.getHeaders().putSingle(RequestIds.HEADER, requestId);
        }
    }
}
