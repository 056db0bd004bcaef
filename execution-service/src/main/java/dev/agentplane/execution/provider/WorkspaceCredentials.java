package dev.agentplane.execution.provider;

import dev.agentplane.execution.keys.Aead;
import dev.agentplane.execution.keys.DataKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks up the credential a model call names, within the calling workspace only. The row is read on every call
 * (a rotation or a delete shows at once on every replica); the decrypted key is kept per (id, revision).
 */
@ApplicationScoped
public class WorkspaceCredentials {
    private static final int MAX_KEPT = 10_000;

    @Inject
    CredentialRepository credentials;
    @Inject
    DataKeys dataKeys;

    private final Map<String, String> keys = new ConcurrentHashMap<>();

    /** The workspace's credential of this name, with its key; empty when the workspace has none of that name. */
    @Transactional
    public Optional<ResolvedCredential> find(String workspaceId, String name) {
        if (workspaceId == null || name == null || !ProviderService.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return credentials.named(workspaceId, name).map(c -> new ResolvedCredential(c.id, c.name, c.revision,
                c.provider, c.baseUrl, c.organization, key(c)));
    }

    private String key(ProviderCredential c) {
        String cacheKey = c.id + "@" + c.revision;
        String known = keys.get(cacheKey);
        if (known != null) {
            return known;
        }
        try {
            String key = new String(Aead.open(dataKeys.forReading(c.workspaceId), c.keyCiphertext,
                    ProviderCredential.associated(c.workspaceId, c.id)), StandardCharsets.UTF_8);
            if (keys.size() >= MAX_KEPT) {
                keys.clear();
            }
            keys.put(cacheKey, key);
            return key;
        } catch (DataKeys.Unavailable e) {
            throw ProviderErrors.PROVIDER_CREDENTIALS_UNAVAILABLE.error(e.getMessage());
        } catch (Aead.WrongKey e) {
            throw ProviderErrors.PROVIDER_CREDENTIALS_UNAVAILABLE.error("The provider credential '" + c.name
                    + "' cannot be decrypted.");
        }
    }
}
