package dev.agentplane.execution.memory;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.client.ServiceCallFilter;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.rest.client.reactive.NotBody;
import io.vertx.core.VertxException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** knowledge-service's embedding model (see docs/architecture.md, "Memory"), on behalf of the caller's workspace. */
@RegisterRestClient(configKey = "knowledge-service")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Path("/internal/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface EmbeddingApi {
    @POST
    Embeddings embed(@NotBody Caller caller, Texts body);

    record Texts(List<String> texts) {
    }

    /** Unit-length vectors, in the order of the texts. */
    record Embeddings(String model, int dimensions, List<float[]> embeddings) {
    }
}
