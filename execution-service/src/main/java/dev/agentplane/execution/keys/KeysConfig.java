package dev.agentplane.execution.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operator's master keys ({@code agentplane.credentials.*}, the prefix they had when only provider credentials
 * used them; provider settings under the same prefix are {@code provider.CredentialsConfig}'s).
 */
@ConfigMapping(prefix = "agentplane.credentials")
public interface KeysConfig {
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
}
