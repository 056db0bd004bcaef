package dev.agentplane.execution.steps;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/executions/{id}/steps}: the model turns and tool calls of one execution of the caller's workspace. */
@Path("/v1/executions/{id}/steps")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
@Produces(MediaType.APPLICATION_JSON)
public class StepsResource {
    @Inject
    CurrentCaller caller;
    @Inject
    ExecutionSteps steps;

    @GET
    public StepView.Steps get(@PathParam("id") String id) {
        return steps.of(caller.get(), id);
    }
}
