package dev.agentplane.billing.account;

import dev.agentplane.billing.account.AccountRecords.AgentLimits;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What other services enforce for the workspace their service token names (agent-registry: the agent limit). */
@Path("/internal/workspace/agent-limits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.SERVICE)
public class InternalAccountResource {
    @Inject
    AccountService accounts;
    @Inject
    CurrentCaller caller;

    @GET
    public AgentLimits agentLimits() {
        return accounts.agentLimits(caller.workspaceId());
    }
}
