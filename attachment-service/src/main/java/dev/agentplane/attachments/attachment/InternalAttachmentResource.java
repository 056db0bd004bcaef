package dev.agentplane.attachments.attachment;

import dev.agentplane.attachments.fetch.ImageFetcher;
import dev.agentplane.attachments.text.ExtractedText;
import dev.agentplane.attachments.text.TextService;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;

/**
 * What the execution service uses: metadata with a signed URL, extracted text (both mark the upload
 * as referenced), fetching an external image URL behind the SSRF guard, and storing an image a tool made
 * (generate_image). Workspace: the token's.
 */
@Path("/internal/attachments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.SERVICE)
public class InternalAttachmentResource {
    @Inject
    CurrentCaller caller;
    @Inject
    AttachmentService attachments;
    @Inject
    AttachmentCatalog catalog;
    @Inject
    TextService texts;
    @Inject
    ImageFetcher fetcher;

    /** The body of a fetch request. */
    public record FetchRequest(@NotBlank @Size(max = 2048) String url) {
    }

    @POST
    @Path("fetch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response fetch(@Valid @jakarta.validation.constraints.NotNull FetchRequest request) {
        ImageFetcher.Fetched fetched = fetcher.fetch(request.url());
        AttachmentView view = attachments.uploadImage(caller.get(), fetched.file(), fetched.filename());
        return Response.status(201).entity(view).build();
    }

    /** An image a tool generated: a file name and the bytes as base64 (checked like any upload: sniffed, sized, quota). */
    public record ImageUpload(@NotBlank @Size(max = 255) String filename, @NotBlank String data) {
    }

    @POST
    @Path("images")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response image(@Valid @jakarta.validation.constraints.NotNull ImageUpload upload) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(upload.data());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("data", "must be the image's bytes as base64");
        }
        java.nio.file.Path file;
        try {
            file = Files.createTempFile("generated-", ".bin");
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage a generated image", e);
        }
        return Response.status(201).entity(attachments.uploadImage(caller.get(), file, upload.filename())).build();
    }

    @GET
    @Path("{key: .+}/text")
    public ExtractedText text(@PathParam("key") String key) {
        return texts.text(caller.workspaceId(), key, true);
    }

    @GET
    @Path("{key: .+}")
    public AttachmentView get(@PathParam("key") String key) {
        return attachments.view(catalog.reference(caller.workspaceId(), key));
    }
}
