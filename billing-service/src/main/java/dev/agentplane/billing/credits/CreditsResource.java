package dev.agentplane.billing.credits;

import dev.agentplane.billing.credits.CreditRecords.*;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The workspace's balance and ledger, and the internal reservation and lease API of the execution service. */
@Path("/")
public class CreditsResource {
    @Inject
    CreditService credits;
    @Inject
    ReservationService reservations;
    @Inject
    LeaseService leases;
    @Inject
    CurrentCaller caller;

    @GET
    @Path("v1/credits")
    @RolesAllowed(Scopes.WORKSPACE)
    public Balance balance() {
        return credits.balance(caller.workspaceId());
    }

    /** {@code {"threshold": n}}: credits.low (webhooks) when a charge takes the balance under n; null turns it off. */
    @PUT
    @Path("v1/credits/low-balance-alert")
    @RolesAllowed(Scopes.WORKSPACE)
    public Balance lowBalanceAlert(@Valid @NotNull LowBalanceAlert request) {
        return credits.lowBalanceAlert(caller.workspaceId(), caller.get().tenantId(), request.threshold());
    }

    @GET
    @Path("v1/credits/ledger")
    @RolesAllowed(Scopes.WORKSPACE)
    public Page<LedgerView> ledger(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                   @QueryParam("sort") String sort, @QueryParam("order") String order,
                                   @QueryParam("kind") String kind,
                                   @QueryParam("execution_id") @Size(max = 100) String executionId) {
        return credits.ledger(caller.workspaceId(),
                PageRequest.of(page, limit, sort, order, List.of("created_at", "amount")), kind, executionId);
    }

    @POST
    @Path("internal/credits/reservations")
    @RolesAllowed(Scopes.SERVICE)
    public Response reserve(@Valid @NotNull Reserve request) {
        var result = reservations.reserve(caller.get(), request);
        return Response.status(result.getKey() ? 201 : 200).entity(result.getValue()).build();
    }

    @POST
    @Path("internal/credits/reservations/{execution_id}/capture")
    @RolesAllowed(Scopes.SERVICE)
    public ReservationView capture(@PathParam("execution_id") String executionId, @Valid @NotNull Capture request) {
        return reservations.capture(caller.get(), executionId, request);
    }

    @POST
    @Path("internal/credits/reservations/{execution_id}/extend")
    @RolesAllowed(Scopes.SERVICE)
    public ReservationView extend(@PathParam("execution_id") String executionId, @Valid @NotNull Extend request) {
        return reservations.extend(caller.get(), executionId, request);
    }

    @POST
    @Path("internal/credits/reservations/{execution_id}/release")
    @RolesAllowed(Scopes.SERVICE)
    public ReservationView release(@PathParam("execution_id") String executionId, @Valid Release request) {
        return reservations.release(caller.get(), executionId, request == null ? null : request.reason());
    }

    @POST
    @Path("internal/credits/leases")
    @RolesAllowed(Scopes.SERVICE)
    public Response lease(@Valid @NotNull LeaseRequest request) {
        return Response.status(201).entity(leases.grant(caller.get(), request)).build();
    }

    @POST
    @Path("internal/credits/leases/{lease_id}/close")
    @RolesAllowed(Scopes.SERVICE)
    public ClosedLeaseView closeLease(@PathParam("lease_id") String leaseId, @Valid @NotNull CloseLease request) {
        return leases.close(caller.get(), leaseId, request.drawn());
    }
}
