package dev.agentplane.knowledge.store;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One knowledge base's HNSW index (Lucene), in files on local disk read through memory maps, so the vectors and
 * the graph live in the page cache rather than the heap. A chunk is a Lucene document with its id, its document's
 * filterable fields and its vector. Holds the base {@link #revision()} it reflects; {@link VectorIndexes} brings it
 * up to date. Writes are serialised by the caller; searches run concurrently with them.
 */
public final class VectorIndex implements Closeable {
    static final String VECTOR = "vector";
    static final String CHUNK = "chunk";
    static final String DOCUMENT = "document_id";
    static final String FILE_NAME = "file_name";
    static final String CONTENT_TYPE = "content_type";

    private final Path path;
    private final Metric metric;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Set<UUID> documents = new HashSet<>();
    private volatile long revision = -1;
    private volatile long lastUsed = System.nanoTime();

    /** A chunk to index: its id, the fields filters match, and its vector (prepared for the metric). */
    public record Entry(long chunkId, UUID documentId, String fileName, String contentType,
                        Map<String, String> metadata, float[] vector) {
    }

    /** A match: the chunk and its score in the base's metric. */
    public record Match(long chunkId, float score) {
    }

    VectorIndex(Path path, Metric metric) {
        this.path = path;
        this.metric = metric;
        try {
            directory = new MMapDirectory(path);
            // small segments keep the heap the writer buffers small; their graphs are merged in the background
            writer = new IndexWriter(directory, new IndexWriterConfig().setRAMBufferSizeMB(16)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the vector index at " + path, e);
        }
    }

    Path path() {
        return path;
    }

    Metric metric() {
        return metric;
    }

    long revision() {
        return revision;
    }

    Set<UUID> documents() {
        return Set.copyOf(documents);
    }

    void touch() {
        lastUsed = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsed;
    }

    int size() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    void add(List<Entry> entries) throws IOException {
        for (Entry e : entries) {
            Document doc = new Document();
            doc.add(new StoredField(CHUNK, e.chunkId()));
            doc.add(new StringField(DOCUMENT, e.documentId().toString(), Field.Store.NO));
            if (e.fileName() != null) {
                doc.add(new StringField(FILE_NAME, e.fileName(), Field.Store.NO));
            }
            if (e.contentType() != null) {
                doc.add(new StringField(CONTENT_TYPE, e.contentType(), Field.Store.NO));
            }
            e.metadata().forEach((k, v) -> doc.add(new StringField(ChunkFilter.METADATA + k, v, Field.Store.NO)));
            doc.add(new KnnFloatVectorField(VECTOR, e.vector(), metric.lucene()));
            writer.addDocument(doc);
            documents.add(e.documentId());
        }
    }

    void remove(UUID documentId) throws IOException {
        writer.deleteDocuments(new Term(DOCUMENT, documentId.toString()));
        documents.remove(documentId);
    }

    /** Makes what was added and removed visible to searches, as of the base's {@code revision}. */
    void publish(long revision) throws IOException {
        searchers.maybeRefreshBlocking();
        this.revision = revision;
    }

    /**
     * The {@code k} chunks nearest the (prepared) query among those the filter admits, best first. The graph is
     * explored with {@code candidates} (≥ k) entries, HNSW's ef: more costs time and buys recall.
     */
    public List<Match> search(float[] query, int k, int candidates, ChunkFilter filter) {
        IndexSearcher searcher = acquire();
        try {
            Query knn = new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidates), filterQuery(filter));
            ScoreDoc[] hits = searcher.search(knn, k).scoreDocs;
            List<Match> out = new ArrayList<>(hits.length);
            var stored = searcher.storedFields();
            for (ScoreDoc hit : hits) {
                long chunk = stored.document(hit.doc).getField(CHUNK).numericValue().longValue();
                out.add(new Match(chunk, metric.score(hit.score)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    private static Query filterQuery(ChunkFilter filter) {
        if (filter.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        if (filter.documentId() != null) {
            all.add(new TermQuery(new Term(DOCUMENT, filter.documentId())), BooleanClause.Occur.FILTER);
        }
        if (filter.fileName() != null) {
            all.add(new TermQuery(new Term(FILE_NAME, filter.fileName())), BooleanClause.Occur.FILTER);
        }
        if (filter.contentType() != null) {
            all.add(new TermQuery(new Term(CONTENT_TYPE, filter.contentType())), BooleanClause.Occur.FILTER);
        }
        filter.metadata().forEach((k, v) ->
                all.add(new TermQuery(new Term(ChunkFilter.METADATA + k, v)), BooleanClause.Occur.FILTER));
        return all.build();
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes without waiting for background merges: the index is disposable (PostgreSQL has everything). */
    @Override
    public void close() throws IOException {
        searchers.close();
        writer.rollback();
        directory.close();
    }
}
