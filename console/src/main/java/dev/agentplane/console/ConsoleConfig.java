package dev.agentplane.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The console's settings (application.properties); it has no state of its own. */
@ConfigMapping(prefix = "agentplane.console")
public interface ConsoleConfig {
    /** The gateway: the console calls nothing but the public {@code /v1} API there. */
    String apiUrl();

    Duration apiTimeout();

    /** {@code auto} (from X-Forwarded-Proto), {@code true} or {@code false}. */
    @WithDefault("auto")
    String secureCookies();
}
