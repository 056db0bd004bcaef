package dev.agentplane.execution.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.client.ServiceCallFilter;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.rest.client.reactive.NotBody;
import io.vertx.core.VertxException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;

/**
 * billing-service's internal pricing and credits API, on behalf of the caller's workspace. Every step is
 * idempotent by execution id but {@code extend}'s amount, which the capture caps anyway.
 */
@RegisterRestClient(configKey = "billing-service")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface BillingApi {
    @POST
    @Path("/pricing/estimate")
    JsonNode estimate(@NotBody Caller caller, EstimateBody body);

    @POST
    @Path("/credits/reservations")
    HoldAnswer reserve(@NotBody Caller caller, ReserveBody body);

    @POST
    @Path("/credits/reservations/{executionId}/capture")
    CaptureAnswer capture(@NotBody Caller caller, @PathParam("executionId") String executionId, CaptureBody body);

    @POST
    @Path("/credits/reservations/{executionId}/extend")
    HoldAnswer extend(@NotBody Caller caller, @PathParam("executionId") String executionId, ExtendBody body);

    @POST
    @Path("/credits/reservations/{executionId}/release")
    void release(@NotBody Caller caller, @PathParam("executionId") String executionId, ReleaseBody body);

    @POST
    @Path("/credits/leases")
    LeaseAnswer lease(@NotBody Caller caller, LeaseBody body);

    @POST
    @Path("/credits/leases/{leaseId}/close")
    void closeLease(@NotBody Caller caller, @PathParam("leaseId") String leaseId, CloseLeaseBody body);

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
    record ExtendBody(Long amount, Instant holdUntil) {
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

    /** A hold as billing answers it: what is held, what is left, and the rule it was priced by (null if unsent). */
    record HoldAnswer(long reserved, long available, PriceAnswer price) {
    }

    /** A pricing rule in micro-credits. */
    record PriceAnswer(long baseCost, long inputTokenPrice, long outputTokenPrice) {
        Credits.Price toPrice() {
            return new Credits.Price(baseCost, inputTokenPrice, outputTokenPrice);
        }
    }

    /** What a capture charged, and what is left. */
    record CaptureAnswer(long charged, long available) {
    }

    /** A granted lease: its id, amount, what the workspace has left, and the rule its holds are priced by. */
    record LeaseAnswer(String leaseId, long amount, long available, PriceAnswer price) {
    }
}
