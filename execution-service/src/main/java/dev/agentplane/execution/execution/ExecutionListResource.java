package dev.agentplane.execution.execution;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/executions}: the workspace's executions, newest first, filtered by agent, session, status. */
@Path("/v1/executions")
@RolesAllowed(Scopes.WORKSPACE)
public class ExecutionListResource {
    private static final Map<String, String> SORTABLE = Map.of("created_at", "createdAt");

    @Inject
    ExecutionRepository repository;
    @Inject
    ExecutionViews views;
    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Page<ExecutionView> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                    @QueryParam("sort") String sort, @QueryParam("order") String order,
                                    @QueryParam("agent_id") String agentId, @QueryParam("session_id") String sessionId,
                                    @QueryParam("status") String status) {
        PageRequest request = PageRequest.of(page, limit, sort, order, List.of("created_at"));
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (agentId != null) {
            where.add("agentId = :agentId");
            params.and("agentId", agentId);
        }
        if (sessionId != null) {
            where.add("sessionId = :sessionId");
            params.and("sessionId", sessionId);
        }
        if (status != null) {
            where.add("status = :status");
            params.and("status", status);
        }
        Caller c = caller.get();
        return Page.of(repository.findInWorkspace(c.workspaceId(), String.join(" and ", where),
                request.toSort(SORTABLE::get), params), request, views::of);
    }
}
