package dev.agentplane.registry.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.registry.agent.AgentDeletion;
import dev.agentplane.registry.agent.AgentFilter;
import dev.agentplane.registry.agent.AgentReads;
import dev.agentplane.registry.agent.AgentService;
import dev.agentplane.registry.agent.AgentView;
import dev.agentplane.registry.agent.SystemConfig;
import dev.agentplane.registry.validation.AgentDocuments;
import dev.agentplane.registry.validation.ValidationReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeds 000/001's agent routes (base {@code /api/v1}, with or without the trailing slash the seed
 * writes): validation of a config and saved agent configurations ({@code system_config} bodies), over
 * the canonical agent services. Errors stay problem+json ({@code detail} carries the message).
 */
@Path("/api/v1/agent")
@Produces(MediaType.APPLICATION_JSON)
public class AmasAgentResource {
    private static final int PAGE = 100;

    @Inject
    AgentService service;
    @Inject
    AgentReads reads;
    @Inject
    AgentDeletion deletion;
    @Inject
    AgentDocuments documents;

    /** A flat agent config or a system_config; answers {valid, errors} like POST /v1/agents/validate. */
    @POST
    @Path("/validate{slash:/?}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public ValidationReport validate(JsonNode body) {
        return service.validate(documents.requireObject(body));
    }

    @POST
    @Path("{slash:/?}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WORKSPACE)
    public Response create(JsonNode body) {
        return Response.status(201).entity(SavedAgent.of(service.create(documents.requireObject(body)))).build();
    }

    /** Every saved agent of the workspace, newest first, as one plain array (at most 1,000). */
    @GET
    @Path("{slash:/?}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public List<SavedAgent> list() {
        List<SavedAgent> all = new ArrayList<>();
        for (int page = 1; all.size() < V2AgentResource.LIST_CAP; page++) {
            Page<AgentView> found = reads.list(new AgentFilter(null, null, null, null, null),
                    PageRequest.of(page, PAGE, "created_at", "desc", List.of("created_at", "name")));
            found.items().forEach(a -> all.add(SavedAgent.of(a)));
            if (!found.pagination().hasMore()) {
                break;
            }
        }
        return all;
    }

    @GET
    @Path("/{id}{slash:/?}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public SavedAgent get(@PathParam("id") String id) {
        return SavedAgent.of(reads.get(id));
    }

    /** Seed 001 sends the full system_config; the canonical merge patch replaces it (arrays are replaced whole). */
    @PATCH
    @Path("/{id}{slash:/?}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Scopes.WORKSPACE)
    public SavedAgent patch(@PathParam("id") String id, JsonNode body) {
        return SavedAgent.of(service.patch(id, documents.requireObject(body)));
    }

    @DELETE
    @Path("/{id}{slash:/?}")
    @RolesAllowed(Scopes.WORKSPACE)
    public Response delete(@PathParam("id") String id) {
        deletion.delete(id);
        return Response.noContent().build();
    }

    /** A saved agent: its id, name and system_config, times in epoch seconds as the 000/001 family writes them. */
    public record SavedAgent(String id, String name, String description, SystemConfig systemConfig, int version,
                             long createdAt, long updatedAt) {
        static SavedAgent of(AgentView a) {
            return new SavedAgent(a.id(), a.name(), a.description(), a.systemConfig(), a.version(),
                    a.createdAt().getEpochSecond(), a.updatedAt().getEpochSecond());
        }
    }
}
