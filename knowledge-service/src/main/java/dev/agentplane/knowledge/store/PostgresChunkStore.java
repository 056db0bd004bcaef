package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.chunk.Chunk;
import dev.agentplane.knowledge.config.KnowledgeConfig;
import dev.agentplane.knowledge.embed.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in store: chunks and vectors durable in PostgreSQL (this server has no pgvector), nearest neighbours
 * from each replica's Lucene HNSW index of the base ({@link VectorIndexes}), keyword matches from PostgreSQL's
 * full text.
 */
@ApplicationScoped
public class PostgresChunkStore implements ChunkStore {
    private static final int MAX_QUERY_WORDS = 32;

    @Inject
    EntityManager em;
    @Inject
    VectorIndexes indexes;
    @Inject
    KnowledgeConfig config;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(UUID documentId, UUID knowledgeBaseId, List<Chunk> chunks, float[][] vectors) {
        em.createNativeQuery("delete from kb_chunk where document_id = ?1").setParameter(1, documentId)
                .executeUpdate();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into kb_chunk (document_id, "
                    + "knowledge_base_id, position, page, heading, text, token_count, embedding) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < chunks.size(); i++) {
                    Chunk c = chunks.get(i);
                    insert.setObject(1, documentId);
                    insert.setObject(2, knowledgeBaseId);
                    insert.setInt(3, c.position());
                    if (c.page() == null) {
                        insert.setNull(4, Types.INTEGER);
                    } else {
                        insert.setInt(4, c.page());
                    }
                    insert.setString(5, c.heading());
                    insert.setString(6, c.text());
                    insert.setInt(7, c.tokens());
                    insert.setBytes(8, Vectors.toBytes(vectors[i]));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @Override
    public List<Hit> nearest(Searched base, float[] query, int k, ChunkFilter filter) {
        VectorIndex index = indexes.current(base.id(), base.revision(), base.metric());
        return index.search(base.metric().prepare(query), k, config.index().candidates(), filter).stream()
                .map(m -> new Hit(m.chunkId(), m.score())).toList();
    }

    @Override
    @Transactional
    public List<Hit> keyword(UUID knowledgeBaseId, String query, int k, ChunkFilter filter) {
        if (query.isBlank()) {
            return List.of();
        }
        // any of the query's words (a question's words rarely all occur in the passage that answers it);
        // chunks with more of them, closer together, rank higher. PostgreSQL's parser splits the query as it
        // split the chunks ("PN-4711" is 'pn' and '-4711', "v2.3" one word): a split of our own missed codes.
        StringBuilder sql = new StringBuilder("select c.id, ts_rank_cd(c.tsv, q) from kb_chunk c join kb_document d "
                + "on d.id = c.document_id, to_tsquery('simple', (select string_agg(quote_literal(w), ' | ') from "
                + "(select w from unnest(tsvector_to_array(to_tsvector('simple', :query))) w limit :words) words)) q "
                + "where c.knowledge_base_id = :kb and c.tsv @@ q");
        Map<String, Object> params = new HashMap<>(Map.of("query", query, "kb", knowledgeBaseId, "k", k,
                "words", MAX_QUERY_WORDS));
        if (filter.documentId() != null) {
            sql.append(" and d.id::text = :document");
            params.put("document", filter.documentId());
        }
        if (filter.fileName() != null) {
            sql.append(" and d.title = :title");
            params.put("title", filter.fileName());
        }
        if (filter.contentType() != null) {
            sql.append(" and d.content_type = :type");
            params.put("type", filter.contentType());
        }
        int i = 0;
        for (Map.Entry<String, String> e : filter.metadata().entrySet()) {
            sql.append(" and d.metadata ->> :mk").append(i).append(" = :mv").append(i);
            params.put("mk" + i, e.getKey());
            params.put("mv" + i, e.getValue());
            i++;
        }
        sql.append(" order by 2 desc, c.id limit :k");
        Query select = em.createNativeQuery(sql.toString());
        params.forEach(select::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        return rows.stream().map(r -> new Hit(((Number) r[0]).longValue(), ((Number) r[1]).floatValue())).toList();
    }

    @Override
    @Transactional
    public List<StoredChunk> load(Collection<Long> chunkIds) {
        if (chunkIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createQuery("select c.id, c.knowledgeBaseId, c.documentId, d.title, d.storageKey, "
                        + "d.contentType, c.position, c.page, c.heading, c.text from KbChunk c, KbDocument d "
                        + "where d.id = c.documentId and c.id in :ids", Object[].class)
                .setParameter("ids", chunkIds).getResultList();
        return rows.stream().map(r -> new StoredChunk((Long) r[0], (UUID) r[1], (UUID) r[2], (String) r[3],
                (String) r[4], (String) r[5], (Integer) r[6], (Integer) r[7], (String) r[8], (String) r[9])).toList();
    }

    @Override
    @Transactional
    public long count(UUID knowledgeBaseId) {
        return ((Number) em.createNativeQuery("select count(*) from kb_chunk where knowledge_base_id = ?1")
                .setParameter(1, knowledgeBaseId).getSingleResult()).longValue();
    }
}
