package dev.agentplane.simulator;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.List;

/** Defaults for every simulated reply; markers in a request override them for that request. */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {
    /** Time before the first byte of the answer (the model "thinking"). */
    Duration latency();

    /** How many tokens (words) an answer has. */
    int completionTokens();

    /** Pause between streamed chunks (one token per chunk). */
    Duration tokenInterval();

    /** The window of a key's {@code rpm<N>} limit: a minute, as providers count; shorter for tests. */
    @io.smallrye.config.WithDefault("60s")
    Duration rateWindow();

    /** What GET /v1/models lists. */
    List<String> models();
}
