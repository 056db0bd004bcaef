package dev.agentplane.execution.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * Workspace provider credentials ({@code agentplane.credentials.*}): limits and the guard on the base URLs workspaces
 * register. The master keys under the same prefix are {@code keys.KeysConfig}'s; without one, {@code POST
 * /v1/providers} answers 503.
 */
@ConfigMapping(prefix = "agentplane.credentials")
public interface CredentialsConfig {
    /** Credentials per workspace. */
    @WithDefault("20")
    int maxPerWorkspace();

    /** Whether base URLs may use http (https only by default). */
    @WithDefault("false")
    boolean allowHttp();

    /** Address ranges (CIDR) a base URL may resolve to although private or loopback (e.g. a vLLM inside the cluster). */
    Optional<List<String>> allowRanges();
}
