package dev.agentplane.knowledge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything the knowledge service reads from configuration ({@code agentplane.knowledge.*}). */
@ConfigMapping(prefix = "agentplane.knowledge")
public interface KnowledgeConfig {

    /** Knowledge bases one workspace may hold. */
    @WithDefault("100")
    int maxKnowledgeBases();

    /** Documents one knowledge base may hold. */
    @WithDefault("1000")
    int maxDocuments();

    /** Characters of text one document may have (inline text; longer extracted text fails the document). */
    @WithDefault("200000")
    int maxDocumentChars();

    /** Chunks one document may be cut into (more fails it with DOCUMENT_TOO_LARGE). */
    @WithDefault("2000")
    int maxChunksPerDocument();

    /** Chunks one knowledge base may hold: bounds the time a replica takes to build its index (see README). */
    @WithDefault("200000")
    int maxChunksPerKnowledgeBase();

    Chunking chunking();

    Ingestion ingestion();

    Index index();

    Embeddings embeddings();

    /** The per-replica HNSW vector indexes (Lucene). */
    interface Index {
        /** Where the index files go (local disk, read through memory maps); default a temporary directory. */
        Optional<String> directory();

        /** Entries HNSW keeps while searching (its ef; at least top_k): more is slower and finds more. */
        @WithDefault("100")
        int candidates();

        /** An index not searched for this long is closed and its files removed (rebuilt from PostgreSQL on use). */
        @WithDefault("PT30M")
        Duration idleAfter();
    }

    /** The operator's alternative to the in-process model: an OpenAI-compatible {@code /embeddings} endpoint. */
    interface Embeddings {
        OpenAi openai();

        interface OpenAi {
            /** e.g. {@code https://api.openai.com/v1}; unset: only the in-process model exists. */
            Optional<String> baseUrl();

            /** The model name, which is also the {@code embedding_model} a knowledge base names to use it. */
            Optional<String> model();

            /** Sent as a bearer token; from the environment ({@code AGENTPLANE_KNOWLEDGE_EMBEDDINGS_OPENAI_API_KEY}). */
            Optional<String> apiKey();

            /** Vector length; at most 1024 (Lucene's HNSW limit). text-embedding-3 models shorten to it. */
            @WithDefault("1024")
            int dimensions();

            /** Whether requests carry {@code dimensions} (false for servers that refuse the field). */
            @WithDefault("true")
            boolean sendDimensions();

            @WithDefault("PT30S")
            Duration timeout();
        }
    }

    /** Chunk sizes in tokens of the embedding model's tokenizer. */
    interface Chunking {
        @WithDefault("200")
        int defaultSize();

        @WithDefault("30")
        int defaultOverlap();

        @WithDefault("32")
        int minSize();

        /** all-MiniLM-L6-v2 reads at most 256 word pieces well; longer chunks blur their embedding. */
        @WithDefault("256")
        int maxSize();
    }

    /** The asynchronous ingestion of documents. */
    interface Ingestion {
        /** Chunks embedded per model call (and per progress update). */
        @WithDefault("16")
        int batchSize();

        /**
         * A pending or processing document untouched for this long is handed out again; longer than the longest
         * silent step (reading a long PDF's text: up to 60 s, retried twice).
         */
        @WithDefault("PT5M")
        Duration staleAfter();

        /** How often the sweep for such documents runs ({@code off} disables it). */
        @WithDefault("30s")
        String sweepEvery();

        /** Attempts before a document that keeps failing unexpectedly is marked failed. */
        @WithDefault("3")
        int maxAttempts();
    }
}
