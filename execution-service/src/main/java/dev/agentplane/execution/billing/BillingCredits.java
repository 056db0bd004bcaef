package dev.agentplane.execution.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.client.DependencyCall;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Map;

/** {@link Credits} through billing-service's internal API. */
@ApplicationScoped
public class BillingCredits implements Credits {
    private static final String SERVICE = "billing service";

    @Inject
    @RestClient
    BillingApi api;
    @Inject
    DependencyCall calls;

    @ConfigProperty(name = "agentplane.credits.reservation-ttl-seconds", defaultValue = "900")
    int reservationTtl;

    @Override
    public Estimate estimate(Caller caller, String model, int inputTokens, int outputTokens) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.estimate(
                new BillingApi.EstimateBody(model, inputTokens, outputTokens), auth, calls.requestId()));
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        JsonNode body = calls.tree(answer);
        return new Estimate(body.path("amount").asLong(), body);
    }

    @Override
    public Hold reserve(Caller caller, String executionId, Charge most) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.reserve(new BillingApi.ReserveBody(executionId,
                reservationTtl, most.agentId(), most.model(), most.inputTokens(), most.outputTokens(), null), auth,
                calls.requestId()));
        if (answer.status() == 402) {
            JsonNode problem = calls.tree(answer);
            long required = problem.path("required").asLong(0);
            throw new ApiException(402, "INSUFFICIENT_CREDITS",
                    "The workspace does not have enough credits for this execution (needs " + required + ").",
                    java.util.List.of(), Map.of("required", required, "available", problem.path("available").asLong(0)));
        }
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        JsonNode hold = calls.tree(answer);
        JsonNode price = hold.path("price");
        // a billing service older than the price in its answer: the run is then captured by a call
        return new Hold(hold.path("reserved").asLong(), hold.path("available").asLong(), !price.isObject() ? null
                : new Price(price.path("base_cost").asLong(), price.path("input_token_price").asLong(),
                price.path("output_token_price").asLong()));
    }

    @Override
    public Hold extend(Caller caller, String executionId, Hold hold, long amount) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.extend(executionId,
                new BillingApi.ExtendBody(amount, null), auth, calls.requestId()));
        if (answer.status() == 402) {
            throw new ApiException(402, "INSUFFICIENT_CREDITS", "The workspace does not have enough credits to go on.");
        }
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        JsonNode body = calls.tree(answer);
        return new Hold(body.path("reserved").asLong(), body.path("available").asLong(), hold.price());
    }

    @Override
    public Hold keepUntil(Caller caller, String executionId, Hold hold, java.time.Instant until) {
        String auth = calls.bearer(caller);
        if (!hold.leased()) {
            DependencyCall.Answer answer = calls.call(SERVICE, () -> api.extend(executionId,
                    new BillingApi.ExtendBody(null, until), auth, calls.requestId()));
            if (!answer.ok()) {
                throw calls.unexpected(SERVICE, answer);
            }
            return hold;
        }
        int ttl = (int) Math.max(1, java.time.Duration.between(java.time.Instant.now(), until).toSeconds());
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.reserve(new BillingApi.ReserveBody(executionId,
                ttl, null, null, 0, 0, hold.amount()), auth, calls.requestId()));
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        return new Hold(hold.amount(), calls.tree(answer).path("available").asLong(), hold.price());
    }

    @Override
    public Captured capture(Caller caller, String executionId, Charge charge) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.capture(executionId,
                new BillingApi.CaptureBody(charge.agentId(), charge.model(),
                charge.inputTokens(), charge.outputTokens()), auth, calls.requestId()));
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        JsonNode body = calls.tree(answer);
        return new Captured(body.path("charged").asLong(), body.path("available").asLong());
    }

    @Override
    public void release(Caller caller, String executionId, String reason) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.release(executionId,
                new BillingApi.ReleaseBody(reason), auth, calls.requestId()));
        if (!answer.ok() && answer.status() != 404) {
            throw calls.unexpected(SERVICE, answer);
        }
    }
}
