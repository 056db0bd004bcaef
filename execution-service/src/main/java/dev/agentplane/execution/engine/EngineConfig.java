package dev.agentplane.execution.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The run engine's settings. */
@ConfigMapping(prefix = "agentplane.engine")
public interface EngineConfig {
    /** Tool calls of one model turn that run at once (the rest wait their turn). */
    @WithDefault("4")
    int parallelToolCalls();

    /** How long a checkpoint outlives its last write (a run not resumed by then cannot be). */
    @WithDefault("24h")
    Duration checkpointRetention();

    /** How long a suspended run waits for an answer (a client tool's result, a decision, an event) by default. */
    @WithDefault("24h")
    Duration pendingActionTtl();

    /** The platform's public address (the gateway's), the base of the callback URLs handed to outside systems. */
    @WithDefault("http://localhost:8080")
    String publicUrl();
}
