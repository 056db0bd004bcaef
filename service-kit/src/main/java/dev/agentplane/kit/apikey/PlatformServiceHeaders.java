package dev.agentplane.kit.apikey;

import dev.agentplane.kit.client.ServiceTokens;
import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * A platform-wide service token (no workspace): key verification runs while the caller is still
 * being authenticated, so the current caller cannot be asked for.
 */
@ApplicationScoped
public class PlatformServiceHeaders implements ClientHeadersFactory {
    @Inject
    ServiceTokens tokens;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization", "Bearer " + tokens.tokenFor(null));
        String requestId = RequestIds.current();
        if (requestId != null) {
            headers.putSingle(RequestIds.HEADER, requestId);
        }
        return headers;
    }
}
