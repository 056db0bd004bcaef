package dev.agentplane.billing.account;

import dev.agentplane.billing.account.AccountRecords.*;
import dev.agentplane.billing.apikey.ApiKeyRecords.CreateKey;
import dev.agentplane.billing.apikey.ApiKeyRecords.CreatedKey;
import dev.agentplane.billing.apikey.ApiKeyService;
import dev.agentplane.billing.credits.CreditRecords.Adjustment;
import dev.agentplane.billing.credits.CreditRecords.Balance;
import dev.agentplane.billing.credits.CreditRecords.Grant;
import dev.agentplane.billing.credits.CreditService;
import dev.agentplane.billing.pricing.PricingRecords.RuleView;
import dev.agentplane.billing.pricing.PricingRecords.SetRule;
import dev.agentplane.billing.pricing.PricingService;
import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.Map;

/** The platform operator's endpoints (scope admin: the operator key). */
@Path("/v1/admin")
@RolesAllowed(Scopes.ADMIN)
public class AdminResource {
    @Inject
    AccountService accounts;
    @Inject
    ApiKeyService keys;
    @Inject
    CreditService credits;
    @Inject
    PricingService pricing;

    @POST
    @Path("/tenants")
    @ResponseStatus(201)
    public TenantView createTenant(@Valid @NotNull CreateTenant request) {
        return accounts.createTenant(request);
    }

    @GET
    @Path("/tenants/{id}")
    public TenantView tenant(@PathParam("id") String id) {
        return accounts.tenant(id);
    }

    @POST
    @Path("/tenants/{id}/workspaces")
    @ResponseStatus(201)
    public WorkspaceView createWorkspace(@PathParam("id") String tenantId, @Valid @NotNull CreateWorkspace request) {
        return accounts.createWorkspace(tenantId, request);
    }

    @GET
    @Path("/workspaces/{id}")
    public WorkspaceView workspace(@PathParam("id") String id) {
        return accounts.workspace(id);
    }

    @PUT
    @Path("/workspaces/{id}/tier")
    public WorkspaceView changeTier(@PathParam("id") String id, @Valid @NotNull ChangeTier request) {
        return accounts.changeTier(id, request);
    }

    @POST
    @Path("/workspaces/{id}/api-keys")
    @ResponseStatus(201)
    public CreatedKey createKey(@PathParam("id") String id, @Valid @NotNull CreateKey request) {
        return keys.create(id, request);
    }

    @POST
    @Path("/workspaces/{id}/credits")
    public Balance grant(@PathParam("id") String id, @Valid @NotNull Grant request) {
        return credits.grant(id, accounts.workspace(id).tenantId(), request);
    }

    @POST
    @Path("/workspaces/{id}/adjustments")
    public Balance adjust(@PathParam("id") String id, @Valid @NotNull Adjustment request) {
        return credits.adjust(id, accounts.workspace(id).tenantId(), request);
    }

    @GET
    @Path("/workspaces/{id}/credits")
    public Balance balance(@PathParam("id") String id) {
        accounts.workspace(id);
        return credits.balance(id);
    }

    @PUT
    @Path("/pricing/{model}")
    public RuleView setPrice(@PathParam("model") @Pattern(regexp = "\\*|[A-Za-z0-9._:/-]{1,100}") String model,
                             @Valid @NotNull SetRule request) {
        return pricing.set(model, request);
    }

    @GET
    @Path("/tiers")
    public Map<String, List<TierView>> tiers() {
        return Map.of("items", accounts.tiers());
    }
}
