package dev.agentplane.kit.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentplane.kit.request.RequestIds;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The seed-002 ("Atom") envelope around every answer: {@code {success, data, meta:{timestamp, request_id}}}
 * on success, {@code {success:false, error:{code, message}, meta}} on errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AtomEnvelope(boolean success, Object data, Error error, Meta meta) {

    public record Meta(Instant timestamp, String requestId) {
    }

    public record Error(String code, String message) {
    }

    public static AtomEnvelope ok(Object data) {
        return new AtomEnvelope(true, data, null, meta(RequestIds.current()));
    }

    public static AtomEnvelope failure(String code, String message, String requestId) {
        return new AtomEnvelope(false, null, new Error(code, message), meta(requestId));
    }

    private static Meta meta(String requestId) {
        return new Meta(Instant.now().truncatedTo(ChronoUnit.SECONDS), requestId);
    }
}
