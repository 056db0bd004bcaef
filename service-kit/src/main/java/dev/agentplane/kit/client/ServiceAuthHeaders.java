package dev.agentplane.kit.client;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.request.RequestIds;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Headers of every service-to-service call: a service JWT on behalf of the current workspace and
 * the current X-Request-Id. Use with {@code @RegisterClientHeaders(ServiceAuthHeaders.class)}.
 */
@ApplicationScoped
public class ServiceAuthHeaders implements ClientHeadersFactory {
    @Inject
    ServiceTokens tokens;
    @Inject
    CurrentCaller currentCaller;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization", "Bearer " + tokens.tokenFor(callerIfAny()));
        String requestId = RequestIds.current();
        if (requestId != null) {
            headers.putSingle(RequestIds.HEADER, requestId);
        }
        return headers;
    }

    private Caller callerIfAny() {
        ManagedContext requestContext = Arc.container().requestContext();
        if (!requestContext.isActive()) {
            return null;
        }
        try {
            return currentCaller.get();
        } catch (RuntimeException anonymous) {
            return null;
        }
    }
}
