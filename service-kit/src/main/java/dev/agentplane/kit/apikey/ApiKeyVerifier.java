package dev.agentplane.kit.apikey;

import io.smallrye.mutiny.Uni;

/**
 * Looks up an API key's owner. The default asks billing-service; billing-service replaces it with
 * a bean of its own that reads its tables directly.
 */
public interface ApiKeyVerifier {

    /** The key's owner, or a null item when the key is unknown or revoked. Only called for well-formed keys. */
    Uni<VerifiedKey> verify(String key);

    /**
     * For credentials outside the {@code wak_}/{@code eak_} format (billing's operator key). Must not do I/O:
     * it runs for every malformed key. Null when not recognised.
     */
    default VerifiedKey verifyOther(String key) {
        return null;
    }
}
