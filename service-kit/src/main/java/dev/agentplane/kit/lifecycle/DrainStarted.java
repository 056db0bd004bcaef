package dev.agentplane.kit.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * Fired (synchronously, once) when this process starts to shut down: readiness already answers DOWN, so load
 * balancers stop sending new work, and the process exits at the latest {@code grace} after {@code at} (the
 * shutdown delay plus the HTTP drain timeout). Observers hand over what they own (running async work, leases)
 * before returning; they must not block past the grace.
 */
public record DrainStarted(Instant at, Duration grace) {
    public Instant deadline() {
        return at.plus(grace);
    }
}
