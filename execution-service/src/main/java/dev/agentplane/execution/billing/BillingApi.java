package dev.agentplane.execution.billing;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's internal pricing and credits API. */
@RegisterRestClient(configKey = "billing-service")
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface BillingApi {
    @POST
    @Path("/pricing/estimate")
    Response estimate(EstimateBody body, @HeaderParam("Authorization") String auth,
                      @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/credits/reservations")
    Response reserve(ReserveBody body, @HeaderParam("Authorization") String auth,
                     @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/credits/reservations/{executionId}/capture")
    Response capture(@PathParam("executionId") String executionId, CaptureBody body,
                     @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/credits/reservations/{executionId}/extend")
    Response extend(@PathParam("executionId") String executionId, ExtendBody body,
                    @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/credits/reservations/{executionId}/release")
    Response release(@PathParam("executionId") String executionId, ReleaseBody body,
                     @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/credits/leases")
    Response lease(LeaseBody body, @HeaderParam("Authorization") String auth,
                   @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/credits/leases/{leaseId}/close")
    Response closeLease(@PathParam("leaseId") String leaseId, CloseLeaseBody body,
                        @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    /** Price these token counts. */
    record EstimateBody(String model, int inputTokens, int outputTokens) {
    }

    /** Hold credits for an execution: the amount, or (amount null) billing prices the token counts. */
    record ReserveBody(String executionId, int ttlSeconds, String agentId, String model, long inputTokens,
                       long outputTokens, Long amount) {
    }

    /** Charge the actual cost. */
    record CaptureBody(String agentId, String model, long inputTokens, long outputTokens) {
    }

    /** Hold this much more for the execution (null: nothing more), and/or at least until holdUntil. */
    record ExtendBody(Long amount, java.time.Instant holdUntil) {
    }

    /** Free the hold; reason is failed or cancelled. */
    record ReleaseBody(String reason) {
    }

    /** Reserve a block of credits for this replica's executions on one model: wanted, or none below minimum. */
    record LeaseBody(String model, long wanted, long minimum, int ttlSeconds) {
    }

    /** Free what was not drawn from a lease. */
    record CloseLeaseBody(long drawn) {
    }
}
