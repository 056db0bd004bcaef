package dev.agentplane.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers how often a request id has been seen, so that {@code [sim:fail-first=429]} fails the
 * first call(s) of that id and lets the retries through: the script of a transient provider error.
 */
@ApplicationScoped
public class FailureBook {
    private static final int MAX_IDS = 100_000;
    private final ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    /** True while this id has been seen no more than {@code failures} times (this call included). */
    public boolean shouldFail(String id, int failures) {
        if (seen.size() > MAX_IDS) {
            seen.clear();
        }
        return seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() <= failures;
    }
}
