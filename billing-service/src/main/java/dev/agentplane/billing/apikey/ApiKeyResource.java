package dev.agentplane.billing.apikey;

import dev.agentplane.billing.apikey.ApiKeyRecords.*;
import dev.agentplane.kit.apikey.VerifiedKey;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;

/** Self-service API keys of the caller's workspace, and the internal verification endpoint. */
@Path("/")
public class ApiKeyResource {
    @Inject
    ApiKeyService keys;
    @Inject
    CurrentCaller caller;

    @POST
    @Path("v1/api-keys")
    @RolesAllowed(Scopes.WORKSPACE)
    @ResponseStatus(201)
    public CreatedKey create(@Valid @NotNull CreateKey request) {
        return keys.create(caller.workspaceId(), request);
    }

    @GET
    @Path("v1/api-keys")
    @RolesAllowed(Scopes.WORKSPACE)
    public Page<KeyView> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                              @QueryParam("sort") String sort, @QueryParam("order") String order,
                              @QueryParam("status") String status) {
        return keys.list(caller.workspaceId(),
                PageRequest.of(page, limit, sort, order, List.of("created_at", "name", "last_used_at")), status);
    }

    @GET
    @Path("v1/api-keys/{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public KeyView get(@PathParam("id") String id) {
        return keys.get(caller.workspaceId(), id);
    }

    @DELETE
    @Path("v1/api-keys/{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    @ResponseStatus(204)
    public void revoke(@PathParam("id") String id) {
        keys.revoke(caller.workspaceId(), id);
    }

    @POST
    @Path("internal/api-keys/verify")
    @RolesAllowed(Scopes.SERVICE)
    public VerifiedKey verify(@Valid @NotNull VerifyRequest request) {
        VerifiedKey key = keys.verify(request.key());
        if (key == null) {
            throw ApiException.notFound("API_KEY_NOT_FOUND", "The key is unknown or revoked.");
        }
        return key;
    }
}
