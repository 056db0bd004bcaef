package dev.agentplane.execution.compat;

import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.kit.error.ApiException;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What every compat execute shares with the canonical one: a failed run is 502 EXECUTION_FAILED, credits in a header. */
final class CompatRuns {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private CompatRuns() {
    }

    /** The canonical sync execute answers a failed run with this problem (ExecuteResource#respond). */
    static Outcome succeeded(Outcome outcome) {
        if (outcome.failed()) {
            var error = outcome.execution().error();
            throw new ApiException(502, "EXECUTION_FAILED", error == null ? "The execution failed." : error.message(),
                    List.of(), Map.of("execution_id", outcome.execution().executionId(), "status", "failed"));
        }
        return outcome;
    }

    static Response.ResponseBuilder withCredits(Response.ResponseBuilder ok, Outcome outcome) {
        if (outcome.creditsRemaining() != null) {
            ok.header("X-Credits-Remaining", outcome.creditsRemaining());
        }
        return ok;
    }

    static Long epoch(Instant t) {
        return t == null ? null : t.getEpochSecond();
    }
}
