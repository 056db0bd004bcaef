package dev.agentplane.execution.attachment;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * attachment-service's internal API. Storage keys contain slashes and are sent as they are
 * ({@code @Encoded}); {@link AttachmentClient} lets only keys of safe characters through.
 */
@RegisterRestClient(configKey = "attachment-service")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AttachmentApi {
    @GET
    @Path("/internal/attachments/{key}")
    Response metadata(@Encoded @PathParam("key") String key, @HeaderParam("Authorization") String auth,
                      @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/internal/attachments/{key}/text")
    Response text(@Encoded @PathParam("key") String key, @HeaderParam("Authorization") String auth,
                  @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/internal/attachments/fetch")
    Response fetch(FetchRequest body, @HeaderParam("Authorization") String auth,
                   @HeaderParam("X-Request-Id") String requestId);

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
