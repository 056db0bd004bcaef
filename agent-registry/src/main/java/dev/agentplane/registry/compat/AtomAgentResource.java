package dev.agentplane.registry.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.compat.AtomApi;
import dev.agentplane.kit.compat.AtomEnvelope;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.registry.agent.AgentDeletion;
import dev.agentplane.registry.agent.AgentFilter;
import dev.agentplane.registry.agent.AgentInput;
import dev.agentplane.registry.agent.AgentReads;
import dev.agentplane.registry.agent.AgentService;
import dev.agentplane.registry.agent.AgentView;
import dev.agentplane.registry.training.TrainingService;
import dev.agentplane.registry.training.TrainingView;
import dev.agentplane.registry.validation.AgentDocuments;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Seed 002's agents API ("Atom", base {@code /api}) over the canonical agent services: every route
 * reshapes a request into the canonical document, calls the same service as {@code /v1/agents}, and
 * wraps the answer in seed 002's envelope. Errors are the canonical ones, reshaped by {@link AtomApi}.
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@AtomApi
public class AtomAgentResource {
    @Inject
    AgentService service;
    @Inject
    AgentReads reads;
    @Inject
    AgentDeletion deletion;
    @Inject
    AgentDocuments documents;
    @Inject
    TrainingService training;
    @Inject
    CurrentCaller caller;
    @Inject
    ObjectMapper mapper;

    @GET
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public AtomEnvelope list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                             @QueryParam("maturity_level") @Pattern(regexp = AgentInput.LEVELS) String maturityLevel,
                             @QueryParam("status") @Pattern(regexp = AgentInput.STATUSES) String status,
                             @QueryParam("sort") String sort, @QueryParam("order") String order) {
        Page<AgentView> found = reads.list(new AgentFilter(null, maturityLevel, status, null, null),
                PageRequest.of(page, limit, sort, order, List.of("created_at", "name")));
        Page.Pagination p = found.pagination();
        return AtomEnvelope.ok(new AtomViews.AgentList(found.items().stream().map(AtomViews.Summary::of).toList(),
                new AtomViews.Pagination(p.page(), p.limit(), p.total(), p.totalPages())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WORKSPACE)
    public Response create(@Valid @NotNull AtomViews.CreateRequest request) {
        ObjectNode doc = mapper.valueToTree(request);
        AgentView created = service.create(documents.requireObject(doc));
        return Response.status(201).entity(AtomEnvelope.ok(new AtomViews.One(
                AtomViews.Created.of(created, caller.get().tenantId())))).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public AtomEnvelope get(@PathParam("id") String id) {
        AgentView agent = reads.get(id);
        return AtomEnvelope.ok(new AtomViews.One(AtomViews.Detail.of(agent, training.view(id))));
    }

    /** Partial update; role and maturity_level are refused by the canonical patch (graduation changes them). */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WORKSPACE)
    public AtomEnvelope update(@PathParam("id") String id, @Valid @NotNull AtomViews.UpdateRequest request) {
        JsonNode patch = mapper.valueToTree(request);
        return AtomEnvelope.ok(new AtomViews.One(AtomViews.Updated.of(service.patch(id, documents.requireObject(patch)))));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public AtomEnvelope delete(@PathParam("id") String id) {
        AgentDeletion.Deleted deleted = deletion.delete(id);
        return AtomEnvelope.ok(new AtomViews.Deleted(deleted.deleted(), deleted.agentId()));
    }

    @GET
    @Path("/{id}/training")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public AtomEnvelope training(@PathParam("id") String id) {
        TrainingView view = training.view(id);
        return AtomEnvelope.ok(AtomViews.Training.of(view));
    }
}
