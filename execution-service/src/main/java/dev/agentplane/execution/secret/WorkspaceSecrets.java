package dev.agentplane.execution.secret;

import dev.agentplane.execution.keys.Aead;
import dev.agentplane.execution.keys.DataKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of a workspace's secrets, for a tool about to send them: read within that workspace only (another
 * workspace's secret of the same name never resolves), decrypted at each call, so a rotation or a delete shows at once.
 */
@ApplicationScoped
public class WorkspaceSecrets {
    @Inject
    SecretRepository secrets;
    @Inject
    DataKeys dataKeys;

    /** A secret that cannot be read: no master key, or its ciphertext does not open; the message names no value. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The values of those of {@code names} the workspace has, by name; a name it lacks is absent. */
    @Transactional
    public Map<String, String> values(String workspaceId, Set<String> names) throws Unreadable {
        Map<String, String> values = new HashMap<>();
        if (workspaceId == null || names.isEmpty()) {
            return values;
        }
        for (WorkspaceSecret s : secrets.named(workspaceId, names)) {
            try {
                values.put(s.name, new String(Aead.open(dataKeys.forReading(workspaceId), s.valueCiphertext,
                        WorkspaceSecret.associated(s.workspaceId, s.id)), StandardCharsets.UTF_8));
            } catch (DataKeys.Unavailable | Aead.WrongKey e) {
                throw new Unreadable("The secret '" + s.name + "' cannot be decrypted on this replica.");
            }
        }
        return values;
    }
}
