package dev.agentplane.knowledge.attachment;

import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * attachment-service's internal API, as this service uses it. Storage keys contain slashes and are sent as
 * they are ({@code @Encoded}); {@link AttachmentClient} lets only keys of safe characters through.
 */
@RegisterRestClient(configKey = "attachment-service")
@RegisterClientHeaders(OnBehalfHeaders.class)
@Path("/internal/attachments")
@Produces(MediaType.APPLICATION_JSON)
public interface AttachmentApi {

    /** Metadata; also marks the upload as referenced, so that its retention clean-up leaves it alone. */
    @GET
    @Path("/{key}")
    Metadata metadata(@Encoded @PathParam("key") String key);

    @GET
    @Path("/{key}/text")
    Text text(@Encoded @PathParam("key") String key);

    /** The parts of an attachment this service reads. */
    record Metadata(String storageKey, String filename, String contentType, long size, String sha256) {
    }

    /** Extracted text of a document, cut at attachment-service's cap ({@code truncated}). */
    record Text(String storageKey, String contentType, String text, boolean truncated) {
    }
}
