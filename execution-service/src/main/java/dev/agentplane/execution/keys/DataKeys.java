package dev.agentplane.execution.keys;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workspace's data key (envelope encryption of its provider credentials and secrets): made on its first
 * stored value, wrapped by the current master key, re-wrapped when the operator rotates the master key. A data key
 * itself never changes, so an unwrapped one is kept in memory. Its users answer {@link Unavailable} with their own
 * error code.
 */
@ApplicationScoped
public class DataKeys {
    private static final Logger LOG = Logger.getLogger(DataKeys.class);
    private static final int MAX_KEPT = 10_000;

    @Inject
    MasterKeys masters;
    @Inject
    EntityManager em;

    private final Map<String, SecretKeySpec> unwrapped = new ConcurrentHashMap<>();

    /** No master key is configured, or the configured ones cannot open the workspace's data key; the message is safe to show. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The workspace's data key, made now when it has none (in the caller's transaction). */
    public SecretKeySpec forWriting(String workspaceId) {
        requireMaster();
        DataKey row = DataKey.findById(workspaceId);
        if (row == null) {
            byte[] key = Aead.randomKey();
            em.createNativeQuery("insert into provider_data_key (workspace_id, master_key_id, wrapped_key, created_at)"
                            + " values (?1, ?2, ?3, ?4) on conflict (workspace_id) do nothing")
                    .setParameter(1, workspaceId).setParameter(2, masters.currentId())
                    .setParameter(3, Aead.seal(masters.current(), key, DataKey.associated(workspaceId)))
                    .setParameter(4, Instant.now()).executeUpdate();
            row = DataKey.findById(workspaceId);
        }
        return unwrap(row);
    }

    /** The workspace's data key for reading a credential of it. */
    public SecretKeySpec forReading(String workspaceId) {
        SecretKeySpec known = unwrapped.get(workspaceId);
        if (known != null) {
            return known;
        }
        DataKey row = DataKey.findById(workspaceId);
        if (row == null) {
            throw new Unavailable("This workspace's data key is missing.");
        }
        return unwrap(row);
    }

    private SecretKeySpec unwrap(DataKey row) {
        SecretKeySpec master = masters.byId(row.masterKeyId).orElseThrow(() ->
                new Unavailable("The master key that protects this workspace's"
                        + " stored credentials is not configured on this replica."));
        try {
            SecretKeySpec key = new SecretKeySpec(Aead.open(master, row.wrappedKey, DataKey.associated(row.workspaceId)),
                    "AES");
            if (unwrapped.size() >= MAX_KEPT) {
                unwrapped.clear();
            }
            unwrapped.put(row.workspaceId, key);
            return key;
        } catch (Aead.WrongKey e) {
            throw new Unavailable("This workspace's data key does not open under the configured master key.");
        }
    }

    private void requireMaster() {
        if (!masters.configured()) {
            throw new Unavailable("Stored workspace credentials are not enabled on this platform (no master key is"
                    + " configured).");
        }
    }

    /**
     * Re-wraps, with the current master key, data keys wrapped by another configured one, a batch per transaction
     * (rows locked, skipped when another replica has them); returns how many. Keys under an unknown master key stay.
     */
    public int rewrap() {
        if (!masters.configured()) {
            return 0;
        }
        int done = 0;
        while (true) {
            int batch = QuarkusTransaction.requiringNew().call(this::rewrapBatch);
            done += batch;
            if (batch == 0) {
                return done;
            }
        }
    }

    private int rewrapBatch() {
        List<DataKey> rows = em.createQuery("from DataKey where masterKeyId <> :current and masterKeyId in :known",
                        DataKey.class)
                .setParameter("current", masters.currentId()).setParameter("known", knownOtherIds())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .setMaxResults(100).getResultList();
        for (DataKey row : rows) {
            SecretKeySpec key = unwrap(row);
            row.wrappedKey = Aead.seal(masters.current(), key.getEncoded(), DataKey.associated(row.workspaceId));
            row.masterKeyId = masters.currentId();
            row.rewrappedAt = Instant.now();
        }
        if (!rows.isEmpty()) {
            LOG.infof("re-wrapped %d workspace data key(s) with master key %s", rows.size(), masters.currentId());
        }
        return rows.size();
    }

    private List<String> knownOtherIds() {
        List<String> ids = new ArrayList<>(masters.ids());
        ids.remove(masters.currentId());
        return ids.isEmpty() ? List.of("-") : ids;
    }

    /**
     * What stops this replica from reading stored credentials: a data key wrapped by a master key it does not have,
     * or one that does not open under the key its row names (a wrong key given the same id is impossible: the id
     * is the key's fingerprint). Empty when all is well; one row per master key is tried.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<String> ids = em.createQuery("select distinct masterKeyId from DataKey", String.class).getResultList();
        if (!ids.isEmpty() && !masters.configured()) {
            problems.add("workspace credentials are stored but no master key is configured");
        }
        for (String id : ids) {
            if (masters.byId(id).isEmpty()) {
                problems.add("data keys are wrapped by master key " + id + ", which is not configured");
                continue;
            }
            DataKey sample = em.createQuery("from DataKey where masterKeyId = :id", DataKey.class)
                    .setParameter("id", id).setMaxResults(1).getResultList().stream().findFirst().orElse(null);
            if (sample != null) {
                try {
                    Aead.open(masters.byId(id).get(), sample.wrappedKey, DataKey.associated(sample.workspaceId));
                } catch (Aead.WrongKey e) {
                    problems.add("a data key wrapped by master key " + id + " does not open under it");
                }
            }
        }
        return problems;
    }
}
