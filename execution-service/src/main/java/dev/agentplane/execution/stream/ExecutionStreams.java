package dev.agentplane.execution.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event streams of executions. Events of an execution running here are pushed to its live
 * subscribers straight from memory (a token never waits on Redis, Kafka or PostgreSQL) and appended,
 * in order and in the background, to a Redis Stream whose entry ids are the sequence numbers; readers
 * on other replicas, and late or reconnecting readers, replay and follow that stream.
 */
@ApplicationScoped
public class ExecutionStreams {
    private static final Logger LOG = Logger.getLogger(ExecutionStreams.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(5);

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    ObjectMapper mapper;
    @Inject
    Vertx vertx;

    @ConfigProperty(name = "agentplane.streams.retention", defaultValue = "15m")
    Duration retention;
    @ConfigProperty(name = "agentplane.streams.heartbeat", defaultValue = "15s")
    Duration heartbeat;
    @ConfigProperty(name = "agentplane.streams.poll-interval", defaultValue = "100ms")
    Duration pollInterval;
    @ConfigProperty(name = "agentplane.streams.local-grace", defaultValue = "30s")
    Duration localGrace;
    @ConfigProperty(name = "agentplane.streams.follow-limit", defaultValue = "30m")
    Duration followLimit;

    private ReactiveStreamCommands<String, String, String> streams;
    private final ConcurrentHashMap<String, LiveStream> live = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        streams = redis.stream(String.class, String.class, String.class);
    }

    static String key(String executionId) {
        return "exec:stream:" + executionId;
    }

    /** Starts the live stream of an execution that runs on this replica. */
    public void open(String executionId) {
        live.computeIfAbsent(executionId, id -> new LiveStream(id, this, 0));
    }

    /**
     * Takes over the stream of a run resumed here after the replica running it stopped: new events follow the
     * ones already stored (blocks on Redis once).
     */
    public void resume(String executionId) {
        long stored = storedCount(executionId);
        live.compute(executionId, (id, old) -> new LiveStream(id, this, old == null ? stored : Math.max(stored, old.lastSeq())));
    }

    /** The last sequence number of the execution's stream, here or in Redis (blocks on Redis once). */
    public long lastSeq(String executionId) {
        return Math.max(count(executionId), storedCount(executionId));
    }

    /** The data of an {@code error} event, the last of a stream that did not complete. */
    public static Map<String, Object> errorData(String status, String code, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        data.put("code", code);
        data.put("message", message);
        return data;
    }

    /** Appends an event; returns its sequence number. Safe from any thread, never blocks. */
    public long publish(String executionId, String type, Map<String, ?> data) {
        LiveStream stream = live.computeIfAbsent(executionId, id -> new LiveStream(id, this, 0));
        return stream.publish(type, body(executionId, type, data));
    }

    /**
     * Appends an event to the live stream of a run here, unless that stream has ended or gone: for the end
     * of a run that another replica ended first (a cancel or a sweep there).
     */
    public void publishIfOpen(String executionId, String type, Map<String, ?> data) {
        LiveStream stream = live.get(executionId);
        if (stream != null) {
            stream.publish(type, body(executionId, type, data));
        }
    }

    private ObjectNode body(String executionId, String type, Map<String, ?> data) {
        ObjectNode body = mapper.createObjectNode().put("type", type).put("execution_id", executionId);
        if (data != null) {
            body.setAll((ObjectNode) mapper.valueToTree(data));
        }
        return body;
    }

    /** Events after {@code afterSeq}, then live ones until the stream ends, with heartbeats. */
    public Multi<StreamFrame> follow(String executionId, long afterSeq, boolean executionEnded) {
        LiveStream stream = live.get(executionId);
        Multi<StreamFrame> frames = stream != null && stream.serves(afterSeq) ? stream.subscribe(afterSeq)
                : fromRedis(executionId, afterSeq, executionEnded);
        return withHeartbeats(frames);
    }

    /** Whether the execution's stream is being written on this replica right now. */
    public boolean isLive(String executionId) {
        return live.containsKey(executionId);
    }

    /** The number of events published so far on this replica (0 when it is not running here). */
    public int count(String executionId) {
        LiveStream stream = live.get(executionId);
        return stream == null ? 0 : (int) stream.lastSeq();
    }

    /** How many events of the execution are stored in Redis (its last sequence number); blocks. */
    public long storedCount(String executionId) {
        // XREVRANGE takes the higher bound first
        var last = streams.xrevrange(key(executionId), StreamRange.of("+", "-"), 1).await().atMost(REDIS_WAIT);
        return last.isEmpty() ? 0 : Long.parseLong(last.get(0).id().substring(0, last.get(0).id().indexOf('-')));
    }

    /**
     * Ends the stored stream of an execution that no replica is running any more (recovery): its last
     * event, with sequence number {@code seq}, goes straight to Redis, where every reader follows it.
     */
    public void endStored(String executionId, long seq, String type, Map<String, ?> data) {
        ObjectNode body = body(executionId, type, data).put("seq", seq);
        append(executionId, new StreamFrame(seq, type, body.toString()), false).join();
    }

    CompletableFuture<Void> append(String executionId, StreamFrame frame, boolean first) {
        String key = key(executionId);
        var add = streams.xadd(key, new XAddArgs().id(frame.seq() + "-0"), Map.of("type", frame.type(), "json",
                frame.json()));
        var uni = first || frame.terminal()
                ? add.chain(() -> redis.key().expire(key, frame.terminal() ? retention : Duration.ofHours(6)))
                .replaceWithVoid()
                : add.replaceWithVoid();
        return uni.subscribeAsCompletionStage().exceptionally(e -> {
            LOG.warnf("could not append event %d of %s to Redis: %s", frame.seq(), executionId, e.getMessage());
            return null;
        });
    }

    void retire(String executionId, CompletableFuture<Void> written) {
        // keep the in-memory copy a little after the last Redis write, for readers that subscribe late
        written.whenComplete((v, e) -> {
            if (localGrace.toMillis() <= 0) {
                live.remove(executionId);
            } else {
                vertx.setTimer(localGrace.toMillis(), t -> live.remove(executionId));
            }
        });
    }

    private Multi<StreamFrame> fromRedis(String executionId, long afterSeq, boolean ended) {
        long deadline = System.currentTimeMillis() + followLimit.toMillis();
        return Multi.createFrom().emitter(em -> poll(executionId, afterSeq, ended, deadline, em));
    }

    private void poll(String executionId, long after, boolean ended, long deadline, MultiEmitter<? super StreamFrame> em) {
        if (em.isCancelled()) {
            return;
        }
        streams.xrange(key(executionId), StreamRange.of((after + 1) + "-0", "+"), 500).subscribe().with(messages -> {
            long last = after;
            for (StreamMessage<String, String, String> m : messages) {
                StreamFrame frame = new StreamFrame(Long.parseLong(m.id().substring(0, m.id().indexOf('-'))),
                        m.payload().get("type"), m.payload().get("json"));
                em.emit(frame);
                last = frame.seq();
                if (frame.terminal()) {
                    em.complete();
                    return;
                }
            }
            LiveStream local = live.get(executionId);
            if ((ended && messages.isEmpty()) || System.currentTimeMillis() > deadline) {
                em.complete();
            } else if (local != null) {
                // the execution started running here meanwhile (async work item): follow it from memory
                local.subscribe(last).subscribe().with(em::emit, em::fail, em::complete);
            } else {
                long next = last;
                vertx.setTimer(pollInterval.toMillis(), t -> poll(executionId, next, false, deadline, em));
            }
        }, em::fail);
    }

    private Multi<StreamFrame> withHeartbeats(Multi<StreamFrame> frames) {
        return Multi.createFrom().emitter(em -> {
            long timer = vertx.setPeriodic(heartbeat.toMillis(), t -> em.emit(StreamFrame.heartbeat()));
            var subscription = frames.subscribe().with(em::emit, e -> {
                vertx.cancelTimer(timer);
                em.fail(e);
            }, () -> {
                vertx.cancelTimer(timer);
                em.complete();
            });
            em.onTermination(() -> {
                vertx.cancelTimer(timer);
                subscription.cancel();
            });
        });
    }

}
