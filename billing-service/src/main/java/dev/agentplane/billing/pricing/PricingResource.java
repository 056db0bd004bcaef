package dev.agentplane.billing.pricing;

import dev.agentplane.billing.pricing.PricingRecords.*;
import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.List;
import java.util.Map;

/** Pricing rules and estimates: public for workspaces, internal for the execution service. */
@Path("/")
public class PricingResource {
    @Inject
    PricingService pricing;

    @GET
    @Path("v1/pricing")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE, Scopes.ADMIN})
    public Map<String, List<RuleView>> rules() {
        return Map.of("items", pricing.rules());
    }

    @POST
    @Path("v1/pricing/estimate")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public Quote preview(@Valid @NotNull Estimate request) {
        return pricing.estimate(request);
    }

    @POST
    @Path("internal/pricing/estimate")
    @RolesAllowed(Scopes.SERVICE)
    public Quote estimate(@Valid @NotNull Estimate request) {
        return pricing.estimate(request);
    }
}
