package dev.agentplane.attachments.attachment;

import dev.agentplane.attachments.text.ExtractedText;
import dev.agentplane.attachments.text.TextService;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The public attachments API; keys contain slashes and are used as they are in the path. */
@Path("/v1/attachments")
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentResource {
    @Inject
    CurrentCaller caller;
    @Inject
    AttachmentService attachments;
    @Inject
    AttachmentQueries queries;
    @Inject
    Downloads downloads;
    @Inject
    TextService texts;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public Response upload(@RestForm("file") FileUpload file,
                           @RestForm("purpose") @Pattern(regexp = "[a-z][a-z0-9_.-]{0,63}",
                                   message = "must be 1-64 lowercase letters, digits, '_', '.' or '-'") String purpose) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.invalid("file", "A multipart part named 'file' with the file's bytes is required.");
        }
        AttachmentView view = attachments.upload(caller.get(), file.uploadedFile(), file.fileName(), purpose);
        return Response.status(201).entity(view).build();
    }

    @GET
    @RolesAllowed(Scopes.WORKSPACE)
    public Page<AttachmentView> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                     @QueryParam("sort") String sort, @QueryParam("order") String order,
                                     @QueryParam("content_type") String contentType,
                                     @QueryParam("purpose") String purpose) {
        PageRequest request = PageRequest.of(page, limit, sort, order, AttachmentQueries.SORTABLE);
        return queries.list(caller.workspaceId(), request, contentType, purpose);
    }

    @GET
    @Path("{key: .+}/content")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public Response content(@PathParam("key") String key) {
        return downloads.serve(caller.workspaceId(), key);
    }

    @GET
    @Path("{key: .+}/text")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public ExtractedText text(@PathParam("key") String key) {
        return texts.text(caller.workspaceId(), key, false);
    }

    @GET
    @Path("{key: .+}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public AttachmentView get(@PathParam("key") String key) {
        return attachments.describe(caller.workspaceId(), key);
    }

    @DELETE
    @Path("{key: .+}")
    @RolesAllowed(Scopes.WORKSPACE)
    public Response delete(@PathParam("key") String key) {
        attachments.delete(caller.workspaceId(), key);
        return Response.noContent().build();
    }
}
