package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Run checkpoints in the shared Redis, from which another replica resumes a run whose replica stopped: what
 * the run is ({@link RunPlan}, written once when it starts) and where it stands ({@link RunState}, written after
 * every step). Both are deleted when the run ends; they expire after {@code retention} in any case. Side effects
 * are not replayed from here: the tool ledger in PostgreSQL answers a repeated tool call. Every call is retried across
 * a Redis restart (refused or dropped connections for a few seconds): a run that could not checkpoint used to fail
 * mid-way, and its failure could not be recorded either (the checkpoint's delete failed too), leaving it in progress
 * and its request answered 500 (bench/chaos, the Redis fault).
 */
@ApplicationScoped
public class Checkpoints {
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;
    @Inject
    EngineConfig config;

    @Inject
    MeterRegistry registry;

    private ValueCommands<String, String> values;
    private Timer saves;

    @PostConstruct
    void init() {
        values = redis.value(String.class, String.class);
        // what a step costs the run: serializing its whole state and one SET (bench/run reads it)
        saves = Timer.builder("agentplane.engine.checkpoint").description("Time to checkpoint a run's state after a step")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    }

    static String planKey(String executionId) {
        return "exec:ckpt:" + executionId + ":plan";
    }

    static String stateKey(String executionId) {
        return "exec:ckpt:" + executionId + ":state";
    }

    @Retry(maxRetries = 10, delay = 500, jitter = 100, maxDuration = 8_000, abortOn = IllegalStateException.class)
    public void start(RunPlan plan) {
        write(planKey(plan.executionId()), plan);
    }

    @Retry(maxRetries = 10, delay = 500, jitter = 100, maxDuration = 8_000, abortOn = IllegalStateException.class)
    public void save(String executionId, RunState state) {
        long started = System.nanoTime();
        write(stateKey(executionId), state);
        saves.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** The run as it was last checkpointed; empty when it never was (or ended, or expired). */
    @Retry(maxRetries = 10, delay = 500, jitter = 100, maxDuration = 8_000, abortOn = IllegalStateException.class)
    public Optional<Resumable> load(String executionId) {
        String plan = values.get(planKey(executionId));
        String state = values.get(stateKey(executionId));
        if (plan == null || state == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Resumable(mapper.readValue(plan, RunPlan.class), mapper.readValue(state, RunState.class)));
        } catch (Exception e) {
            throw new IllegalStateException("the checkpoint of execution " + executionId + " is unreadable", e);
        }
    }

    /** Keeps a suspended run's checkpoint at least until {@code until} (its pending actions may wait days). */
    @Retry(maxRetries = 10, delay = 500, jitter = 100, maxDuration = 8_000, abortOn = IllegalStateException.class)
    public void keepUntil(String executionId, java.time.Instant until) {
        if (until.isAfter(java.time.Instant.now().plus(retention()))) {
            redis.key(String.class).pexpireat(planKey(executionId), until.toEpochMilli());
            redis.key(String.class).pexpireat(stateKey(executionId), until.toEpochMilli());
        }
    }

    @Retry(maxRetries = 10, delay = 500, jitter = 100, maxDuration = 8_000, abortOn = IllegalStateException.class)
    public void delete(String executionId) {
        redis.key(String.class).del(planKey(executionId), stateKey(executionId));
    }

    private void write(String key, Object value) {
        try {
            values.set(key, mapper.writeValueAsString(value), new SetArgs().px(retention()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a checkpoint could not be written", e);
        }
    }

    private Duration retention() {
        return config.checkpointRetention();
    }

    /** A checkpointed run: what it is and where it stands. */
    public record Resumable(RunPlan plan, RunState state) {
    }
}
