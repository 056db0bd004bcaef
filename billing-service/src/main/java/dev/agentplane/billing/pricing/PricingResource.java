package dev.agentplane.billing.pricing;

import dev.agentplane.billing.pricing.PricingRecords.*;
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

import java.util.List;
import java.util.Map;

/** Pricing rules and estimates: public for workspaces, internal for the execution service, set by the operator. */
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

    @PUT
    @Path("v1/admin/pricing/{model}")
    @RolesAllowed(Scopes.ADMIN)
    public RuleView set(@PathParam("model") @Pattern(regexp = "\\*|[A-Za-z0-9._:/-]{1,100}") String model,
                        @Valid @NotNull SetRule request) {
        return pricing.set(model, request);
    }
}
