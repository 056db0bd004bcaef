package dev.agentplane.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the simulator saw of each request's API key, for tests that check whose key a platform used
 * ({@code GET /sim/requests?contains=...}), and the per-key request limit: a key containing {@code rpm<N>}
 * (e.g. {@code sk-test-rpm5-abc}) may make N requests per minute ({@code simulator.rate-window}, from its first
 * request); past that
 * it gets 429 with OpenAI's rate-limit headers; a key containing {@code status<NNN>} (e.g. {@code sk-status500-x}) is
 * an account whose every request fails with that status (a provider that is down for it, while others are
 * served). Keys are kept in memory only and never logged.
 */
@ApplicationScoped
public class KeyBook {
    private static final int KEPT = 20_000;
    private static final int TEXT = 4_000;
    private static final Pattern RPM = Pattern.compile("rpm(\\d{1,6})");
    private static final Pattern STATUS = Pattern.compile("status([45]\\d\\d)");

    /** One request as seen: its key (null without one), model, the text of its messages, the status answered. */
    public record Seen(String key, String model, String text, int status, long at) {
    }

    /** The verdict for one request under its key's limit. */
    public record Admission(boolean allowed, int limit, int remaining, long resetMillis) {
    }

    @jakarta.inject.Inject
    SimulatorConfig config;

    private final Deque<Seen> seen = new ArrayDeque<>();
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();

    public synchronized void record(String key, String model, String text, int status) {
        if (seen.size() >= KEPT) {
            seen.removeFirst();
        }
        seen.addLast(new Seen(key, model, text.length() > TEXT ? text.substring(0, TEXT) : text, status,
                System.currentTimeMillis()));
    }

    public synchronized List<Seen> containing(String text) {
        List<Seen> found = new ArrayList<>();
        for (Seen s : seen) {
            if (s.text().contains(text)) {
                found.add(s);
            }
        }
        return found;
    }

    /** The status every request with this key fails with, or 0. */
    public int failingStatus(String key) {
        Matcher m = key == null ? null : STATUS.matcher(key);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Counts the request against its key's limit (no limit: always allowed, limit 0). */
    public Admission admit(String key) {
        Matcher m = key == null ? null : RPM.matcher(key);
        if (m == null || !m.find()) {
            return new Admission(true, 0, 0, 0);
        }
        int limit = Integer.parseInt(m.group(1));
        long now = System.currentTimeMillis();
        // {window start, requests in it}
        long length = config.rateWindow().toMillis();
        long[] window = windows.compute(key, (k, w) -> w == null || now - w[0] >= length ? new long[]{now, 0} : w);
        synchronized (window) {
            long reset = Math.max(1, window[0] + length - now);
            if (window[1] >= limit) {
                return new Admission(false, limit, 0, reset);
            }
            window[1]++;
            return new Admission(true, limit, (int) (limit - window[1]), reset);
        }
    }
}
