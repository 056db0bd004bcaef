package dev.agentplane.execution.session;

import dev.agentplane.kit.auth.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Session contexts this replica read or wrote, so that the next run in a session skips the context
 * call. An entry is used only under the revision it was stored with ({@code kit.session.ContextRevision}):
 * the run's session lock reads the current revision, session-service bumps it after every commit that
 * changes a context, and an entry stored from an answer is tagged with the revision read before that
 * answer, so a changed session never matches. After the run's own append, whose answer carries the
 * revision after it, the entry moves forward only when that revision is the next one: nothing but the
 * append changed the session since the entry was read. Bounded by bytes (LRU) and by age. (A user's
 * memories are not part of a context: memory/UserMemory recalls them for each message.)
 */
@ApplicationScoped
public class ContextCache {
    /** What a context was read with; a run that asks otherwise reads it anew. */
    public record Request(int historyRuns, String externalUserId) {
    }

    private record Entry(Request request, long revision, SessionContext context, long bytes, long storedAtNanos) {
    }

    private static final long BYTES_PER_MESSAGE = 256;
    /** The variables and the pinned agent definition of a context, roughly. */
    private static final long BYTES_PER_CONTEXT = 4_096;

    @ConfigProperty(name = "agentplane.sessions.context-cache.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "agentplane.sessions.context-cache.max-bytes", defaultValue = "16777216")
    long maxBytes;
    @ConfigProperty(name = "agentplane.sessions.context-cache.max-entry-bytes", defaultValue = "65536")
    long maxEntryBytes;
    @ConfigProperty(name = "agentplane.sessions.context-cache.ttl", defaultValue = "5m")
    Duration ttl;
    @Inject
    MeterRegistry registry;

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private Counter hits;
    private Counter misses;

    @PostConstruct
    void init() {
        hits = counter("hit");
        misses = counter("miss");
    }

    private Counter counter(String result) {
        return Counter.builder("agentplane.session.context.cache")
                .description("Session contexts a run took from this replica's cache (hit) or read from session-service (miss)")
                .tag("result", result).register(registry);
    }

    /** The cached context when it is still the session's current one and the caller may see it. */
    public Optional<SessionContext> get(Caller caller, String sessionId, Request request, Long revision) {
        Entry entry = null;
        if (enabled && revision != null) {
            synchronized (this) {
                entry = entries.get(key(caller.workspaceId(), sessionId));
            }
        }
        if (entry == null || entry.revision() != revision || !entry.request().equals(request) || stale(entry)
                || !visibleTo(caller, entry.context())) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(entry.context());
    }

    /** About what a context takes in memory: its messages, and a fixed share for the rest (the pinned agent). */
    static long sizeOf(SessionContext context) {
        long size = BYTES_PER_CONTEXT;
        for (SessionContext.HistoryMessage m : context.historyOrEmpty()) {
            size += BYTES_PER_MESSAGE + (m.content() == null ? 0 : m.content().toString().length());
        }
        return size;
    }

    /** Keeps a context read from session-service under the revision read before it (null: keep nothing). */
    public void put(String workspaceId, String sessionId, Request request, Long revision, SessionContext context,
                    long answerBytes) {
        if (!enabled || revision == null) {
            return;
        }
        store(workspaceId, sessionId, new Entry(request, revision, context, answerBytes, System.nanoTime()));
    }

    /**
     * After the run's append: the entry gains its messages under the append's revision when that is the
     * next one after the entry's; otherwise (another change came between, or Redis did not answer) it goes.
     */
    public void appended(String workspaceId, String sessionId, Long revision, Instant expiresAt,
                         List<SessionContext.HistoryMessage> messages) {
        if (!enabled) {
            return;
        }
        String key = key(workspaceId, sessionId);
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
        }
        if (entry == null) {
            return;
        }
        if (revision == null || revision != entry.revision() + 1) {
            forget(workspaceId, sessionId);
            return;
        }
        SessionContext c = entry.context();
        List<SessionContext.HistoryMessage> history = lastRuns(c.historyOrEmpty(), messages,
                entry.request().historyRuns());
        SessionContext next = new SessionContext(c.sessionId(), c.agentId(), c.agentVersion(), c.agentConfig(),
                c.status(), c.externalUserId(), c.variables(), history, expiresAt);
        long size = entry.bytes();
        for (SessionContext.HistoryMessage m : messages) {
            size += BYTES_PER_MESSAGE + (m.content() == null ? 0 : m.content().toString().length());
        }
        store(workspaceId, sessionId, new Entry(entry.request(), revision, next, size, System.nanoTime()));
    }

    public synchronized void forget(String workspaceId, String sessionId) {
        Entry removed = entries.remove(key(workspaceId, sessionId));
        if (removed != null) {
            bytes -= removed.bytes();
        }
    }

    /** Bytes held (estimated from the answers' sizes), for tests and operators. */
    public synchronized long bytes() {
        return bytes;
    }

    private synchronized void store(String workspaceId, String sessionId, Entry entry) {
        forget(workspaceId, sessionId);
        if (entry.bytes() > maxEntryBytes) {
            return;
        }
        entries.put(key(workspaceId, sessionId), entry);
        bytes += entry.bytes();
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            bytes -= oldest.next().getValue().bytes();
            oldest.remove();
        }
    }

    /** As session-service decides it: a key limited to some agents sees only the sessions of those agents. */
    private static boolean visibleTo(Caller caller, SessionContext context) {
        return caller.allowedAgents().isEmpty() || (context.agentId() != null && caller.mayUseAgent(context.agentId()));
    }

    private boolean stale(Entry entry) {
        Instant expiresAt = entry.context().expiresAt();
        return System.nanoTime() - entry.storedAtNanos() > ttl.toNanos()
                || (expiresAt != null && !expiresAt.isAfter(Instant.now()));
    }

    /** The history after an append, trimmed to the newest `runs` runs as session-service would answer it. */
    static List<SessionContext.HistoryMessage> lastRuns(List<SessionContext.HistoryMessage> history,
                                                        List<SessionContext.HistoryMessage> appended, int runs) {
        List<SessionContext.HistoryMessage> all = new ArrayList<>(history);
        appended.stream().filter(m -> !"system".equals(m.role())).forEach(all::add);
        return List.copyOf(SessionContext.lastRuns(all, runs));
    }

    private static String key(String workspaceId, String sessionId) {
        return workspaceId + ":" + sessionId;
    }
}
