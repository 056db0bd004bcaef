package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.config.KnowledgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * This replica's vector indexes, one per knowledge base searched, built from PostgreSQL on first use and brought up
 * to date by a version check: every change to a base's searchable chunks (a document ready, a document deleted)
 * bumps its {@code revision} in the same transaction, and a search that finds the index behind the revision it
 * read first applies the difference (documents added, documents gone). Ingestion never writes an index, so the
 * replica that ingested and every other replica take the same path. Not quarkus-cache: an index holds files and a
 * writer that must be closed when it goes.
 */
@ApplicationScoped
public class VectorIndexes {
    private static final Logger LOG = Logger.getLogger(VectorIndexes.class);

    @Inject
    IndexFeed feed;
    @Inject
    KnowledgeConfig config;

    private final Map<UUID, VectorIndex> open = new ConcurrentHashMap<>();
    private Path root;

    @PostConstruct
    void init() {
        try {
            root = config.index().directory().isPresent()
                    ? Files.createDirectories(Path.of(config.index().directory().get()))
                    : Files.createTempDirectory("agentplane-kb-index-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the vector index directory", e);
        }
    }

    /** The base's index, at least as recent as {@code revision} (the revision the caller read the base at). */
    public VectorIndex current(UUID knowledgeBaseId, long revision, Metric metric) {
        VectorIndex index = open.computeIfAbsent(knowledgeBaseId, id -> new VectorIndex(fresh(id), metric));
        if (index.revision() < revision) {
            synchronized (index) {
                if (index.revision() < revision) {
                    sync(knowledgeBaseId, index);
                }
            }
        }
        index.touch();
        return index;
    }

    private void sync(UUID knowledgeBaseId, VectorIndex index) {
        long started = System.nanoTime();
        // the revision is read before the documents: whatever the list shows is at least that revision's state
        IndexFeed.State state = feed.state(knowledgeBaseId);
        Set<UUID> have = index.documents();
        Set<UUID> added = new HashSet<>(state.documents());
        added.removeAll(have);
        try {
            for (UUID gone : have) {
                if (!state.documents().contains(gone)) {
                    index.remove(gone);
                }
            }
            // a ready document's chunks never change, so documents are the unit of difference
            feed.entries(added, index.metric(), batch -> {
                try {
                    index.add(batch);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            index.publish(state.revision());
        } catch (IOException e) {
            throw new UncheckedIOException("could not update the vector index of " + knowledgeBaseId, e);
        }
        LOG.debugf("vector index of %s at revision %d: %d documents added in %d ms", knowledgeBaseId,
                state.revision(), added.size(), (System.nanoTime() - started) / 1_000_000);
    }

    private Path fresh(UUID knowledgeBaseId) {
        Path path = root.resolve(knowledgeBaseId.toString());
        delete(path);
        return path;
    }

    /** Closes the indexes not searched for {@code index.idle-after} (deleted bases' among them); rebuilt on use. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeIdle() {
        long idle = config.index().idleAfter().toNanos();
        open.forEach((id, index) -> {
            if (index.idleNanos() > idle && open.remove(id, index)) {
                close(index);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        open.values().forEach(this::close);
        open.clear();
        if (config.index().directory().isEmpty()) {
            delete(root);
        }
    }

    private void close(VectorIndex index) {
        synchronized (index) {
            try {
                index.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("could not close the vector index at %s: %s", index.path(), e.getMessage());
            }
            delete(index.path());
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", path, e.getMessage());
        }
    }
}
