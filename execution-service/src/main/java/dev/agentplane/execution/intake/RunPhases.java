package dev.agentplane.execution.intake;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * How long the phases of one execution took, from its planning to its end: what an execute answer's
 * {@code Server-Timing} header says and what the {@code agentplane.execution.phase} timers count. Phases
 * may overlap and are recorded by whichever thread runs them; a phase that did not happen (no session) is
 * left out. The history append runs beside the completion and ends after the answer, so only its timer
 * counts it, not the header.
 */
public final class RunPhases {
    /** In the order the header lists them. */
    public enum Phase {
        LOCK, CONTEXT, PREPARE, LLM, HISTORY, COMPLETE, TOTAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final long UNSET = -1;

    private final long startedAt = System.nanoTime();
    private final AtomicLongArray nanos = new AtomicLongArray(Phase.values().length);

    public RunPhases() {
        for (int i = 0; i < nanos.length(); i++) {
            nanos.set(i, UNSET);
        }
    }

    public <T> T time(Phase phase, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(phase, System.nanoTime() - start);
        }
    }

    public void time(Phase phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    public void record(Phase phase, long durationNanos) {
        nanos.set(phase.ordinal(), Math.max(0, durationNanos));
    }

    /** Everything from the planning up to now is {@code phase} (prepare when the model is called, total at the end). */
    public void sinceStart(Phase phase) {
        record(phase, System.nanoTime() - startedAt);
    }

    /** The phase's duration in nanoseconds, or -1 when it did not happen. */
    public long nanos(Phase phase) {
        return nanos.get(phase.ordinal());
    }

    /** {@code lock;dur=0.15, context;dur=2.41, ...} in milliseconds (the W3C Server Timing format). */
    public String serverTiming() {
        StringJoiner header = new StringJoiner(", ");
        for (Phase phase : Phase.values()) {
            long value = nanos(phase);
            if (value != UNSET) {
                header.add(String.format(Locale.ROOT, "%s;dur=%.2f", phase.wireName(), value / 1e6));
            }
        }
        return header.toString();
    }
}
