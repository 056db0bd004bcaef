package dev.agentplane.execution.ending;

import dev.agentplane.execution.intake.RunPhases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code agentplane.execution.phase} timers (tags {@code phase}, {@code mode}) with histograms, so that
 * an operator sees where an execution's time goes ({@code /q/metrics}, e.g.
 * {@code histogram_quantile(0.99, rate(agentplane_execution_phase_seconds_bucket{phase="context"}[5m]))}).
 */
@ApplicationScoped
public class RunMetrics {
    static final String TIMER = "agentplane.execution.phase";

    @Inject
    MeterRegistry registry;

    private record Key(RunPhases.Phase phase, String mode) {
    }

    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    /** Counts every phase the run went through. */
    public void record(String mode, RunPhases phases) {
        for (RunPhases.Phase phase : RunPhases.Phase.values()) {
            long nanos = phases.nanos(phase);
            if (nanos >= 0) {
                timer(phase, mode).record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** One phase that ends after the run was counted (the history append, which the answer does not wait for). */
    public void record(String mode, RunPhases.Phase phase, long nanos) {
        timer(phase, mode).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(RunPhases.Phase phase, String mode) {
        // modes are the four the planner knows; an unexpected one must not grow the registry
        String tag = switch (mode == null ? "" : mode) {
            case "sync", "stream", "async", "batch" -> mode;
            default -> "other";
        };
        return timers.computeIfAbsent(new Key(phase, tag), k -> Timer.builder(TIMER)
                .description("Time an execution spent in one phase (phases overlap: history runs beside complete and after the answer)")
                .tag("phase", k.phase().wireName()).tag("mode", k.mode())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry));
    }
}
