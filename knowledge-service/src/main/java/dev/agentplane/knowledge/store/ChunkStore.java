package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.chunk.Chunk;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Where chunks and their vectors live and how the nearest ones are found. The built-in store keeps both in
 * PostgreSQL and finds neighbours in a per-replica Lucene HNSW index ({@link PostgresChunkStore}); another vector
 * store (Milvus, for seed 001's {@code knowledge_base_type: milvus}) would implement this interface as an
 * alternative bean (README: "Another vector store").
 */
public interface ChunkStore {

    /** Replaces the document's chunks with these (vectors normalised, in the same order); one transaction. */
    void replace(UUID documentId, UUID knowledgeBaseId, List<Chunk> chunks, float[][] vectors);

    /**
     * The {@code k} chunks of the base nearest the query vector (as the model gave it) among those the filter admits,
     * best first, scored in the base's metric ({@link Metric}: higher is better).
     */
    List<Hit> nearest(Searched base, float[] query, int k, ChunkFilter filter);

    /** Up to {@code k} chunks of the base matching the query's words (full text) and the filter, best first. */
    List<Hit> keyword(UUID knowledgeBaseId, String query, int k, ChunkFilter filter);

    /** The stored chunks of these ids with their document (chunks deleted meanwhile are left out). */
    List<StoredChunk> load(Collection<Long> chunkIds);

    /** Chunks the base holds now. */
    long count(UUID knowledgeBaseId);

    /** The base searched: its id, the revision the caller read it at (the index is at least as new), its metric. */
    record Searched(UUID id, long revision, Metric metric) {
    }

    /** A chunk found, with its score (the metric's for vector search, the rank for keyword search). */
    record Hit(long chunkId, float score) {
    }

    /** A chunk as search shows it. */
    record StoredChunk(long id, UUID knowledgeBaseId, UUID documentId, String documentTitle, String storageKey,
                       String contentType,
                       int position, Integer page, String heading, String text) {
    }
}
