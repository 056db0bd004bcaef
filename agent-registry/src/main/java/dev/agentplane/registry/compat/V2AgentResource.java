package dev.agentplane.registry.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.registry.agent.AgentDeletion;
import dev.agentplane.registry.agent.AgentFilter;
import dev.agentplane.registry.agent.AgentReads;
import dev.agentplane.registry.agent.AgentService;
import dev.agentplane.registry.agent.AgentView;
import dev.agentplane.registry.agent.BatchRequest;
import dev.agentplane.registry.validation.AgentDocuments;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004's agents API (base {@code /v2/agents}) over the canonical agent services: plain JSON
 * arrays and objects in its shapes; errors stay problem+json (whose {@code detail} is where seed
 * 004's clients read the message).
 */
@Path("/v2/agents")
@Produces(MediaType.APPLICATION_JSON)
public class V2AgentResource {
    /** The list is one plain array (seed 004 has no paging): at most this many agents, newest first. */
    static final int LIST_CAP = 1000;
    private static final int PAGE = 100;

    @Inject
    AgentService service;
    @Inject
    AgentReads reads;
    @Inject
    AgentDeletion deletion;
    @Inject
    AgentDocuments documents;
    @Inject
    ObjectMapper mapper;

    @GET
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public List<V2Views.Agent> list() {
        List<V2Views.Agent> all = new ArrayList<>();
        for (int page = 1; all.size() < LIST_CAP; page++) {
            Page<AgentView> found = reads.list(new AgentFilter(null, null, null, null, null),
                    PageRequest.of(page, PAGE, "created_at", "desc", List.of("created_at", "name")));
            found.items().forEach(a -> all.add(V2Views.Agent.of(a)));
            if (!found.pagination().hasMore()) {
                break;
            }
        }
        return all.size() > LIST_CAP ? all.subList(0, LIST_CAP) : all;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public V2Views.Agent get(@PathParam("id") String id) {
        return V2Views.Agent.of(reads.get(id));
    }

    /** Found agents in request order; unknown ids are left out, as seed 004 shows. */
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public List<V2Views.Agent> batch(@Valid @NotNull BatchRequest request) {
        return reads.batch(request.agentIds()).items().stream().map(V2Views.Agent::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WORKSPACE)
    public Response create(@Valid @NotNull V2Views.CreateRequest request) {
        ObjectNode doc = mapper.valueToTree(request);
        AgentView created = service.create(documents.requireObject(doc));
        return Response.status(201).entity(V2Views.Created.of(created)).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public V2Views.Deleted delete(@PathParam("id") String id) {
        AgentDeletion.Deleted deleted = deletion.delete(id);
        return new V2Views.Deleted(deleted.agentId(), "Agent " + deleted.agentId() + " deleted successfully");
    }
}
