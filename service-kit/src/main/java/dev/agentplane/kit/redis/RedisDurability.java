package dev.agentplane.kit.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warns at start when the Redis this service uses would lose what it holds: idempotency keys, execution
 * event streams (the replay behind Last-Event-ID), rate-limit windows, revoked keys and run checkpoints.
 * Redis must append to its AOF (appendonly yes) and fsync it at least every second, and must never evict
 * (maxmemory-policy noeviction: an evicted idempotency key runs a request twice). The check reads CONFIG GET
 * and, where a managed Redis disables CONFIG, INFO persistence; it only logs, never stops the service.
 */
@ApplicationScoped
public class RedisDurability {
    private static final Logger LOG = Logger.getLogger(RedisDurability.class);
    static final List<String> SETTINGS = List.of("appendonly", "appendfsync", "save", "maxmemory-policy");

    @Inject
    ReactiveRedisDataSource redis;

    /** What was read (absent settings were not readable) and what is wrong with it. */
    public record Report(Map<String, String> settings, List<String> problems) {
        public boolean durable() {
            return problems.isEmpty();
        }
    }

    void onStart(@Observes StartupEvent start) {
        // off the start-up path: a Redis that is slow or down here is the readiness check's business
        check().subscribe().with(report -> {
            if (report.durable()) {
                LOG.debugf("Redis persistence: %s", report.settings());
            } else {
                LOG.warnf("Redis loses data on restart or under memory pressure: %s. Set appendonly yes, "
                        + "appendfsync everysec and maxmemory-policy noeviction (see k8s/README.md)",
                        String.join("; ", report.problems()));
            }
        }, failure -> LOG.warnf("could not read Redis' persistence settings: %s", failure.getMessage()));
    }

    public Uni<Report> check() {
        Map<String, String> settings = new LinkedHashMap<>();
        Uni<Void> reads = Uni.createFrom().voidItem();
        for (String name : SETTINGS) {
            reads = reads.chain(() -> redis.execute("CONFIG", "GET", name)
                    .onItem().invoke(r -> settings.putAll(pairs(r)))
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return reads
                .chain(() -> settings.containsKey("appendonly") ? Uni.createFrom().voidItem()
                        : redis.execute("INFO", "persistence")
                                .onItem().invoke(r -> infoFallback(r == null ? "" : r.toString(), settings))
                                .onFailure().recoverWithNull().replaceWithVoid())
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(ignored -> new Report(Map.copyOf(settings), assess(settings)));
    }

    /** The problems with these settings; a setting that could not be read is named as unknown, not wrong. */
    static List<String> assess(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        String aof = settings.get("appendonly");
        String save = settings.get("save");
        if (aof == null) {
            problems.add("persistence unknown (neither CONFIG GET nor INFO persistence answered)");
        } else if (!"yes".equalsIgnoreCase(aof)) {
            problems.add(save != null && save.isBlank()
                    ? "persistence is off (appendonly no, save \"\"): a restart loses everything"
                    : "appendonly is no: a restart loses the writes since the last RDB snapshot");
        } else {
            String fsync = settings.get("appendfsync");
            if (fsync != null && !fsync.equalsIgnoreCase("everysec") && !fsync.equalsIgnoreCase("always")) {
                problems.add("appendfsync is " + fsync + ": the OS decides when writes reach the disk");
            }
        }
        String policy = settings.get("maxmemory-policy");
        if (policy != null && !policy.equalsIgnoreCase("noeviction")) {
            problems.add("maxmemory-policy is " + policy + ": Redis evicts idempotency keys and streams when full");
        }
        return problems;
    }

    // CONFIG GET answers [name, value] (RESP2) or {name: value} (RESP3)
    static Map<String, String> pairs(Response response) {
        Map<String, String> out = new LinkedHashMap<>();
        if (response == null) {
            return out;
        }
        try {
            for (String key : response.getKeys()) {
                out.put(key, response.get(key).toString());
            }
            if (!out.isEmpty()) {
                return out;
            }
        } catch (RuntimeException notAMap) {
            // an array: read it as pairs below
        }
        for (int i = 0; i + 1 < response.size(); i += 2) {
            out.put(response.get(i).toString(), response.get(i + 1).toString());
        }
        return out;
    }

    // INFO persistence: "aof_enabled:1" is all we need when CONFIG is disabled
    static void infoFallback(String info, Map<String, String> settings) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("aof_enabled:")) {
                settings.put("appendonly", line.substring("aof_enabled:".length()).trim().equals("1") ? "yes" : "no");
            }
        }
    }
}
