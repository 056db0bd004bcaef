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
 * ({@code GET /sim/requests?contains=...}), and the per-key limits: a key containing {@code rpm<N>}
 * (e.g. {@code sk-test-rpm5-abc}) may make N requests per minute ({@code simulator.rate-window}, from its first
 * request; {@code window<S>s} in the key makes it S seconds), one containing {@code tpm<N>} may use N tokens per
 * window (a request uses its prompt and max tokens, as OpenAI counts); past either it gets 429 with OpenAI's
 * rate-limit headers; a key containing {@code status<NNN>} (e.g. {@code sk-status500-x}) is
 * an account whose every request fails with that status (a provider that is down for it, while others are
 * served). Keys are kept in memory only and never logged.
 */
@ApplicationScoped
public class KeyBook {
    private static final int KEPT = 20_000;
    private static final int TEXT = 4_000;
    private static final Pattern RPM = Pattern.compile("rpm(\\d{1,6})");
    private static final Pattern TPM = Pattern.compile("tpm(\\d{1,9})");
    private static final Pattern WINDOW = Pattern.compile("window(\\d{1,5})s");
    private static final Pattern STATUS = Pattern.compile("status([45]\\d\\d)");

    /** One request as seen: its key (null without one), model, the text of its messages, the status answered. */
    public record Seen(String key, String model, String text, int status, long at) {
    }

    /**
     * The verdict for one request under its key's limits: requests ({@code limit} 0 when not limited) and tokens
     * ({@code tokenLimit} 0 when not limited), both reset at the window's end; {@code exceeded} names the limit a
     * refused request passed.
     */
    public record Admission(boolean allowed, int limit, int remaining, long resetMillis, long tokenLimit,
                            long tokensRemaining, String exceeded) {
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

    /** Counts a request that may use {@code tokens} against its key's limits (none: always allowed). */
    public Admission admit(String key, long tokens) {
        int limit = (int) number(RPM, key);
        long tokenLimit = number(TPM, key);
        if (limit == 0 && tokenLimit == 0) {
            return new Admission(true, 0, 0, 0, 0, 0, null);
        }
        long now = System.currentTimeMillis();
        long seconds = number(WINDOW, key);
        long length = seconds > 0 ? seconds * 1000 : config.rateWindow().toMillis();
        // {window start, requests in it, tokens in it}
        long[] window = windows.compute(key, (k, w) -> w == null || now - w[0] >= length ? new long[]{now, 0, 0} : w);
        synchronized (window) {
            long reset = Math.max(1, window[0] + length - now);
            String exceeded = limit > 0 && window[1] >= limit ? "requests"
                    : tokenLimit > 0 && window[2] + tokens > tokenLimit ? "tokens" : null;
            if (exceeded == null) {
                window[1]++;
                window[2] += tokens;
            }
            return new Admission(exceeded == null, limit, (int) Math.max(0, limit - window[1]), reset, tokenLimit,
                    Math.max(0, tokenLimit - window[2]), exceeded);
        }
    }

    private static long number(Pattern pattern, String key) {
        Matcher m = key == null ? null : pattern.matcher(key);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
