package dev.agentplane.execution.secret;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * {@code /v1/secrets}: a workspace's secrets for its agents' HTTP tool headers. Workspace keys only; the value goes
 * in and never comes out (a masked hint only); another workspace's secret is 404.
 */
@Path("/v1/secrets")
@RolesAllowed(Scopes.WORKSPACE)
@Produces(MediaType.APPLICATION_JSON)
public class SecretResource {
    @Inject
    SecretService service;
    @Inject
    CurrentCaller caller;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SecretViews.SecretRequest body) {
        SecretViews.Secret created = service.create(caller.get(), body);
        return Response.created(uri.getBaseUriBuilder().path("v1/secrets/{id}").build(created.id()))
                .entity(created).build();
    }

    @GET
    public Page<SecretViews.Secret> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                         @QueryParam("sort") String sort, @QueryParam("order") String order) {
        return service.list(caller.get(), PageRequest.of(page, limit, sort, order, List.of("created_at")));
    }

    @GET
    @Path("{id}")
    public SecretViews.Secret get(@PathParam("id") String id) {
        return service.get(caller.get(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SecretViews.Secret update(@PathParam("id") String id, SecretViews.SecretRequest body) {
        return service.update(caller.get(), id, body);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SecretViews.Secret replace(@PathParam("id") String id, SecretViews.SecretRequest body) {
        return service.update(caller.get(), id, body);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        service.delete(caller.get(), id);
        return Response.noContent().build();
    }
}
