package dev.agentplane.execution.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Workspace provider credentials ({@code agentplane.credentials.*}): the operator's master keys and the guard on
 * the base URLs workspaces register. Without a master key, {@code POST /v1/providers} answers 503.
 */
@ConfigMapping(prefix = "agentplane.credentials")
public interface CredentialsConfig {
    /** The master key (base64 of 32 random bytes) that wraps new and re-wrapped data keys. Never logged. */
    Optional<String> masterKey();

    /**
     * Master keys that only unwrap: the one being rotated out (data keys under it are re-wrapped with
     * {@link #masterKey()}), or, before a rotation, the next one, so that every replica can read what is re-wrapped.
     */
    Optional<List<String>> otherMasterKeys();

    /** How often a replica re-wraps data keys still wrapped by another master key (also done at start). */
    @WithDefault("1m")
    Duration rewrapInterval();

    /** Credentials per workspace. */
    @WithDefault("20")
    int maxPerWorkspace();

    /** Whether base URLs may use http (https only by default). */
    @WithDefault("false")
    boolean allowHttp();

    /** Address ranges (CIDR) a base URL may resolve to although private or loopback (e.g. a vLLM inside the cluster). */
    Optional<List<String>> allowRanges();
}
