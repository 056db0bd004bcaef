package dev.agentplane.billing.apikey;

import dev.agentplane.kit.apikey.ApiKeys;
import dev.agentplane.kit.apikey.VerifiedKey;
import dev.agentplane.kit.auth.Scopes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The platform operator's key (scope admin). Taken from AGENTPLANE_ADMIN_KEY when set; otherwise
 * generated on the first start, stored only as a hash, written once to ${AGENTPLANE_RUN_DIR}/admin-key
 * and logged once. Rotate: set AGENTPLANE_ADMIN_KEY (or delete the operator_key row) and restart.
 */
@ApplicationScoped
public class OperatorKey {
    private static final Logger LOG = Logger.getLogger(OperatorKey.class);
    private static final String ROW = "operator";

    @Inject
    EntityManager em;

    @ConfigProperty(name = "agentplane.admin-key")
    Optional<String> configured;
    @ConfigProperty(name = "agentplane.run-dir")
    Optional<String> runDir;

    private volatile byte[] hash;

    @Transactional
    void bootstrap(@Observes StartupEvent start) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            store(ApiKeys.hash(configured.get().strip()), "env");
            return;
        }
        List<?> existing = em.createNativeQuery("select key_hash from operator_key where id = ?1")
                .setParameter(1, ROW).getResultList();
        if (!existing.isEmpty()) {
            hash = existing.get(0).toString().getBytes(StandardCharsets.US_ASCII);
            return;
        }
        String secret = ApiKeys.generate(ApiKeys.ADMIN_PREFIX);
        int inserted = em.createNativeQuery("insert into operator_key (id, key_hash, source) values (?1, ?2, 'generated') "
                + "on conflict (id) do nothing").setParameter(1, ROW).setParameter(2, ApiKeys.hash(secret)).executeUpdate();
        if (inserted == 0) {
            // another replica generated it at the same moment: use theirs
            bootstrap(start);
            return;
        }
        hash = ApiKeys.hash(secret).getBytes(StandardCharsets.US_ASCII);
        LOG.warnf("Generated the operator key (shown once, stored only as a hash): %s", secret);
        runDir.filter(d -> !d.isBlank()).ifPresent(dir -> write(Path.of(dir, "admin-key"), secret));
    }

    private void store(String keyHash, String source) {
        em.createNativeQuery("insert into operator_key (id, key_hash, source) values (?1, ?2, ?3) "
                        + "on conflict (id) do update set key_hash = excluded.key_hash, source = excluded.source, "
                        + "created_at = now()")
                .setParameter(1, ROW).setParameter(2, keyHash).setParameter(3, source).executeUpdate();
        hash = keyHash.getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("could not write the operator key to %s: %s", file, e.getMessage());
        }
    }

    /** The operator identity when the key is the operator key (constant-time compare, no I/O). */
    public VerifiedKey verify(String key) {
        byte[] expected = hash;
        if (expected == null || key == null) {
            return null;
        }
        byte[] actual = ApiKeys.hash(key).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual)
                ? new VerifiedKey("operator", null, null, List.of(Scopes.ADMIN), null, List.of()) : null;
    }
}
