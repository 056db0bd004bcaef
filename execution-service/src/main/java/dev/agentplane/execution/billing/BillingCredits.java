package dev.agentplane.execution.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@link Credits} through billing-service's internal API. */
@ApplicationScoped
public class BillingCredits implements Credits {
    @Inject
    @RestClient
    BillingApi api;

    @ConfigProperty(name = "agentplane.credits.reservation-ttl-seconds", defaultValue = "900")
    int reservationTtl;

    @Override
    public Estimate estimate(Caller caller, String model, int inputTokens, int outputTokens) {
        JsonNode body = api.estimate(caller, new BillingApi.EstimateBody(model, inputTokens, outputTokens));
        return new Estimate(body.path("amount").asLong(), body);
    }

    @Override
    public Hold reserve(Caller caller, String executionId, Charge most) {
        BillingApi.HoldAnswer hold;
        try {
            hold = api.reserve(caller, new BillingApi.ReserveBody(executionId, reservationTtl, most.agentId(),
                    most.model(), most.inputTokens(), most.outputTokens(), null));
        } catch (DependencyErrors.Refused e) {
            throw insufficient(e, "The workspace does not have enough credits for this execution (needs "
                    + e.body().path("required").asLong(0) + ").");
        }
        // a billing service older than the price in its answer: the run is then captured by a call
        return new Hold(hold.reserved(), hold.available(), hold.price() == null ? null : hold.price().toPrice());
    }

    @Override
    public Hold extend(Caller caller, String executionId, Hold hold, long amount) {
        try {
            BillingApi.HoldAnswer grown = api.extend(caller, executionId, new BillingApi.ExtendBody(amount, null));
            return new Hold(grown.reserved(), grown.available(), hold.price());
        } catch (DependencyErrors.Refused e) {
            throw insufficient(e, "The workspace does not have enough credits to go on.");
        }
    }

    @Override
    public Hold keepUntil(Caller caller, String executionId, Hold hold, Instant until) {
        if (!hold.leased()) {
            api.extend(caller, executionId, new BillingApi.ExtendBody(null, until));
            return hold;
        }
        int ttl = (int) Math.max(1, Duration.between(Instant.now(), until).toSeconds());
        BillingApi.HoldAnswer own = api.reserve(caller, new BillingApi.ReserveBody(executionId, ttl, null, null, 0, 0,
                hold.amount()));
        return new Hold(hold.amount(), own.available(), hold.price());
    }

    @Override
    public Captured capture(Caller caller, String executionId, Charge charge) {
        BillingApi.CaptureAnswer captured = api.capture(caller, executionId, new BillingApi.CaptureBody(charge.agentId(),
                charge.model(), charge.inputTokens(), charge.outputTokens()));
        return new Captured(captured.charged(), captured.available());
    }

    @Override
    public void release(Caller caller, String executionId, String reason) {
        try {
            api.release(caller, executionId, new BillingApi.ReleaseBody(reason));
        } catch (DependencyErrors.Refused e) {
            if (e.refusedWith() != 404) {
                throw e;
            }
            // never held (it failed before its hold): nothing to free
        }
    }

    /** Billing's 402 as the caller's; any other refusal stays a platform fault. */
    private static ApiException insufficient(DependencyErrors.Refused e, String detail) {
        if (e.refusedWith() != 402) {
            return e;
        }
        return new ApiException(402, "INSUFFICIENT_CREDITS", detail, List.of(),
                Map.of("required", e.body().path("required").asLong(0), "available", e.body().path("available").asLong(0)));
    }
}
