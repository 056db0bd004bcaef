package dev.agentplane.execution.attachment;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.client.ServiceCallFilter;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.rest.client.reactive.NotBody;
import io.vertx.core.VertxException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * attachment-service's internal API, on behalf of the caller's workspace. Storage keys contain slashes and are
 * sent as they are ({@code @Encoded}); {@link AttachmentClient} lets only keys of safe characters through.
 */
@RegisterRestClient(configKey = "attachment-service")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AttachmentApi {
    @GET
    @Path("/internal/attachments/{key}")
    Metadata metadata(@NotBody Caller caller, @Encoded @PathParam("key") String key);

    @GET
    @Path("/internal/attachments/{key}/text")
    Text text(@NotBody Caller caller, @Encoded @PathParam("key") String key);

    @POST
    @Path("/internal/attachments/fetch")
    Metadata fetch(@NotBody Caller caller, FetchRequest body);

    @POST
    @Path("/internal/attachments/images")
    Metadata storeImage(@NotBody Caller caller, ImageUpload body);

    /** An image a tool made: its file name and bytes (base64), stored as an attachment of the caller's workspace. */
    record ImageUpload(String filename, String data) {
    }

    /** An external image URL for the attachment service to fetch behind its SSRF guard. */
    record FetchRequest(String url) {
    }

    /** The parts of an attachment this service reads. */
    record Metadata(String storageKey, String filename, String contentType, String signedUrl) {
    }

    /** Extracted text of a document. */
    record Text(String storageKey, String contentType, String text, boolean truncated) {
    }
}
