package dev.agentplane.knowledge.attachment;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.client.ServiceAuthHeaders;
import dev.agentplane.kit.client.ServiceTokens;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The kit's service-call headers, except that a background task's workspace ({@link OnBehalf}) is used when
 * one is set: an ingestion reads an attachment for the workspace that added the document.
 */
@ApplicationScoped
public class OnBehalfHeaders implements ClientHeadersFactory {
    @Inject
    ServiceAuthHeaders kit;
    @Inject
    ServiceTokens tokens;
    @Inject
    OnBehalf onBehalf;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        Caller task = Arc.container().requestContext().isActive() ? onBehalf.get() : null;
        if (task == null) {
            return kit.update(incoming, outgoing);
        }
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization", "Bearer " + tokens.tokenFor(task));
        return headers;
    }
}
