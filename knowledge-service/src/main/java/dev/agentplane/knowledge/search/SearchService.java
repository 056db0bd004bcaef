package dev.agentplane.knowledge.search;

import dev.agentplane.knowledge.base.KnowledgeBase;
import dev.agentplane.knowledge.base.KnowledgeBaseRepository;
import dev.agentplane.knowledge.embed.EmbeddingModels;
import dev.agentplane.knowledge.embed.OpenAiEmbeddings;
import dev.agentplane.knowledge.error.KnowledgeError;
import dev.agentplane.knowledge.store.ChunkFilter;
import dev.agentplane.knowledge.store.ChunkStore;
import dev.agentplane.knowledge.store.Metric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Semantic search over one or more knowledge bases of a workspace; other workspaces' bases are never read. */
@ApplicationScoped
public class SearchService {
    static final int DEFAULT_TOP_K = 5;
    static final double DEFAULT_MIN_SCORE = 0;
    static final String VECTOR = "vector";
    static final String KEYWORD = "keyword";
    static final String HYBRID = "hybrid";
    static final int CANDIDATES_PER_K = 4;
    private static final int RRF_K = 60;

    @Inject
    KnowledgeBaseRepository bases;
    @Inject
    ChunkStore store;
    @Inject
    EmbeddingModels embeddings;

    /** What to look for and how; every field but {@code query} optional. */
    public record Ask(String query, Integer topK, Double minScore, String mode, Map<String, String> filter) {
    }

    /**
     * The best {@code top_k} chunks of the bases. {@code score}: the base's metric (vector), full-text rank
     * (keyword), or the reciprocal-rank-fusion sum of both lists (hybrid: each list brings up to
     * {@value #CANDIDATES_PER_K} x k candidates per base; {@code min_score} filters the vector side).
     */
    public SearchResults.Results search(String workspaceId, List<String> baseIds, Ask ask) {
        ChunkFilter filter = ChunkFilter.of(ask.filter());
        List<KnowledgeBase> searched = require(workspaceId, baseIds);
        int k = ask.topK() == null ? DEFAULT_TOP_K : ask.topK();
        double min = ask.minScore() == null ? DEFAULT_MIN_SCORE : ask.minScore();
        String how = ask.mode() == null ? VECTOR : ask.mode();
        int candidates = HYBRID.equals(how) ? k * CANDIDATES_PER_K : k;
        List<ChunkStore.Hit> vectorHits = new ArrayList<>();
        List<ChunkStore.Hit> keywordHits = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        for (KnowledgeBase base : searched) {
            if (!KEYWORD.equals(how)) {
                float[] vector = vectors.computeIfAbsent(base.embeddingModel, m -> embed(m, ask.query()));
                store.nearest(new ChunkStore.Searched(base.id, base.revision, Metric.valueOf(base.metricType)),
                        vector, candidates, filter).stream().filter(h -> h.score() >= min).forEach(vectorHits::add);
            }
            if (!VECTOR.equals(how)) {
                keywordHits.addAll(store.keyword(base.id, ask.query(), candidates, filter));
            }
        }
        List<ChunkStore.Hit> hits = switch (how) {
            case KEYWORD -> keywordHits;
            case HYBRID -> fuse(sorted(vectorHits), sorted(keywordHits));
            default -> vectorHits;
        };
        Map<UUID, Metric> metrics = VECTOR.equals(how) ? searched.stream()
                .collect(Collectors.toMap(b -> b.id, b -> Metric.valueOf(b.metricType))) : Map.of();
        return new SearchResults.Results(ask.query(), how, searched.get(0).embeddingModel,
                items(sorted(hits).stream().limit(k).toList(), metrics));
    }

    private List<SearchResults.Result> items(List<ChunkStore.Hit> best, Map<UUID, Metric> metrics) {
        Map<Long, ChunkStore.StoredChunk> chunks = store.load(best.stream().map(ChunkStore.Hit::chunkId).toList())
                .stream().collect(Collectors.toMap(ChunkStore.StoredChunk::id, Function.identity()));
        List<SearchResults.Result> items = new ArrayList<>();
        for (ChunkStore.Hit hit : best) {
            ChunkStore.StoredChunk c = chunks.get(hit.chunkId());
            if (c != null) {
                Metric metric = metrics.get(c.knowledgeBaseId());
                items.add(new SearchResults.Result(Long.toString(c.id()), Math.round(hit.score() * 10_000) / 10_000.0,
                        metric == null ? null : metric.distance(hit.score()), c.text(), c.knowledgeBaseId().toString(),
                        new SearchResults.Document(c.documentId().toString(), c.documentTitle(), c.storageKey(),
                                c.contentType()), c.position(), c.page(), c.heading()));
            }
        }
        return items;
    }

    private float[] embed(String model, String query) {
        try {
            return embeddings.embed(model, List.of(query))[0];
        } catch (OpenAiEmbeddings.Refused | OpenAiEmbeddings.Unavailable e) {
            throw KnowledgeError.EMBEDDING_SERVICE_UNAVAILABLE.exception("The query could not be embedded: "
                    + e.getMessage());
        }
    }

    private static List<ChunkStore.Hit> sorted(List<ChunkStore.Hit> hits) {
        List<ChunkStore.Hit> out = new ArrayList<>(hits);
        out.sort(Comparator.comparingDouble(ChunkStore.Hit::score).reversed());
        return out;
    }

    /** Reciprocal rank fusion: each list adds 1 / (60 + rank) for every chunk it ranks. */
    static List<ChunkStore.Hit> fuse(List<ChunkStore.Hit> first, List<ChunkStore.Hit> second) {
        Map<Long, Double> scores = new HashMap<>();
        for (List<ChunkStore.Hit> list : List.of(first, second)) {
            for (int rank = 0; rank < list.size(); rank++) {
                scores.merge(list.get(rank).chunkId(), 1.0 / (RRF_K + rank + 1), Double::sum);
            }
        }
        return scores.entrySet().stream().map(e -> new ChunkStore.Hit(e.getKey(), e.getValue().floatValue())).toList();
    }

    /** Which of the ids name bases of the workspace. */
    @Transactional
    public SearchResults.Lookup lookup(String workspaceId, List<String> ids) {
        Set<String> found = bases.findAll(workspaceId, uuids(ids)).stream().map(b -> b.id.toString())
                .collect(Collectors.toSet());
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        return new SearchResults.Lookup(distinct.stream().filter(found::contains).toList(),
                distinct.stream().filter(id -> !found.contains(id)).toList());
    }

    /** The bases, each of which must exist in the workspace (404 naming the first that does not). */
    @Transactional
    List<KnowledgeBase> require(String workspaceId, List<String> ids) {
        List<KnowledgeBase> found = bases.findAll(workspaceId, uuids(ids));
        Set<String> present = found.stream().map(b -> b.id.toString()).collect(Collectors.toSet());
        for (String id : ids) {
            if (!present.contains(id)) {
                throw KnowledgeBaseRepository.notFound(id);
            }
        }
        return found;
    }

    private static Set<UUID> uuids(List<String> ids) {
        return ids.stream().map(KnowledgeBaseRepository::parse).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
