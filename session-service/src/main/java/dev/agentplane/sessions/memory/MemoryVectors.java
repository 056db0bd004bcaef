package dev.agentplane.sessions.memory;

import dev.agentplane.sessions.support.Limits;
import dev.agentplane.sessions.support.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding column of memories, read and written as PostgreSQL {@code real[]} text. Similarity is scored here,
 * exactly, over one user's most recent memories: a user has tens of facts, not millions, so no index is needed.
 */
@ApplicationScoped
public class MemoryVectors {
    private static final String VISIBLE = "select id, fact, cast(embedding as text), execution_id, created_at from memory "
            + "where workspace_id = ?1 and external_user_id = ?2 and (agent_id is null or agent_id = ?3) "
            + "order by created_at desc, id limit ?4";

    @Inject
    EntityManager em;

    /** A stored memory with its embedding (null when it has none). */
    public record Row(String id, String fact, float[] embedding, String executionId, Instant createdAt) {
    }

    /** The user's memories this agent sees (its own and the unscoped ones), most recent first. */
    @SuppressWarnings("unchecked")
    public List<Row> visible(String workspaceId, String user, String agentId) {
        List<Object[]> rows = em.createNativeQuery(VISIBLE).setParameter(1, workspaceId).setParameter(2, user)
                .setParameter(3, agentId == null ? "" : agentId).setParameter(4, Limits.MEMORIES_SCORED).getResultList();
        List<Row> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Row((String) r[0], (String) r[1], parse((String) r[2]), (String) r[3], Rows.instant(r[4])));
        }
        return out;
    }

    /** Cosine similarity of two unit vectors; null when either is missing or their sizes differ (another model). */
    public static Double similarity(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length || a.length == 0) {
            return null;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? null : dot / Math.sqrt(na * nb);
    }

    /** The PostgreSQL array literal of a vector, or null. */
    static String literal(float[] v) {
        if (v == null || v.length == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder(v.length * 10).append('{');
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ",").append(Float.isFinite(v[i]) ? v[i] : 0f);
        }
        return s.append('}').toString();
    }

    static float[] parse(String text) {
        if (text == null || text.length() < 2) {
            return null;
        }
        String body = text.substring(1, text.length() - 1);
        if (body.isBlank()) {
            return null;
        }
        String[] parts = body.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
