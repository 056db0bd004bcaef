package dev.agentplane.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.e2e.support.Platform;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fault suite (issue 24; bench/chaos runs it, bin/test runs its short version): under a steady mixed load
 * (sync, async, session and streamed executes, {@link MixedLoad}) it applies one fault after another to a platform
 * that runs on a Kafka broker, a Redis server and a database of its own (bench/chaos starts it so; the faults refuse
 * to touch the machine's shared ones), and after each fault checks the invariants on that fault's own workspace:
 * <ol>
 *   <li>no run left pending or in progress 60 s after the fault ended (suspended runs are legitimate; this load
 *   makes none);</li>
 *   <li>ledger: balance = grants − Σ captures, no execution captured twice, every run captured at its cost
 *   (completed runs, and runs the engine stopped part-way, which pay for their finished model calls): Σ captures =
 *   Σ costs, no lost charge;</li>
 *   <li>every finished run (completed or failed) has exactly one {@code agent.executed} on the broker's
 *   {@code agentplane.execution.events} (read with a consumer of the test's own; redeliveries of the same event id
 *   are counted apart), no other run has one;</li>
 *   <li>a request failed only if it was in flight during the fault, and then with 503 + Retry-After; every stream
 *   was read to its final event with consecutive seqs.</li>
 * </ol>
 * Faults ({@code agentplane.chaos.faults}, comma-separated): {@code kill:SERVICE} or {@code kill:SERVICE-N}
 * (bin/restart --kill: kill -9, then started again), {@code kafka:SECONDS} (the broker stopped that long),
 * {@code postgres:SECONDS} (the platform database's backends terminated every 0.7 s), {@code redis} (SHUTDOWN and
 * started again; idempotency keys and event streams written before must still be there), {@code rolling:SERVICE}
 * (bin/restart: a rolling restart, no request may fail). Results: one Markdown row per fault, written to
 * {@code agentplane.chaos.report}.
 */
class ChaosE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("agentplane.root", ".."));
    private static final String FAULTS = System.getProperty("agentplane.chaos.faults",
            "kill:execution-service,kafka:15,postgres:6,redis");
    private static final int BEFORE = Integer.getInteger("agentplane.chaos.before", 5);
    private static final int AFTER = Integer.getInteger("agentplane.chaos.after", 5);
    private static final MixedLoad.Rates LOAD = new MixedLoad.Rates(
            Double.parseDouble(System.getProperty("agentplane.chaos.sync-rate", "4")),
            Double.parseDouble(System.getProperty("agentplane.chaos.async-rate", "1")),
            Double.parseDouble(System.getProperty("agentplane.chaos.session-rate", "0.5")),
            Integer.getInteger("agentplane.chaos.streams", 2),
            "{\"message\":\"chaos stream [sim:tokens=30] [sim:interval=100ms]\"}");
    /** Issue 25's rolling restart: 100 streamed runs in flight and 20 executes a second. */
    private static final MixedLoad.Rates ROLLING = new MixedLoad.Rates(
            Double.parseDouble(System.getProperty("agentplane.chaos.rolling-rate", "20")), 0, 0,
            Integer.getInteger("agentplane.chaos.rolling-streams", 100),
            "{\"message\":\"chaos stream [sim:tokens=40] [sim:interval=250ms]\"}");
    /** A run must be terminal this long after its fault ended. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    /** The broker-side name of execution.events (the services' topic prefix is "agentplane." outside tests). */
    private static final String EXECUTION_EVENTS = System.getProperty("agentplane.chaos.topic", "agentplane.execution.events");
    private static final Map<String, Map<String, Set<String>>> executedEvents = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Integer>> executedDeliveries = new ConcurrentHashMap<>();
    private static final AtomicBoolean consuming = new AtomicBoolean(true);
    private static Thread consumer;

    @BeforeAll
    static void aPlatformOfItsOwn() {
        String kafka = System.getProperty("agentplane.chaos.kafka", "");
        assumeTrue(!kafka.isBlank() && !kafka.endsWith(":9092"),
                "needs the platform bench/chaos starts (its own Kafka, Redis and database): run bench/chaos");
        consumer = new Thread(() -> consume(kafka), "agent-executed-reader");
        consumer.setDaemon(true);
        consumer.start();
    }

    @AfterAll
    static void stopReading() throws InterruptedException {
        consuming.set(false);
        if (consumer != null) {
            consumer.join(10_000);
        }
    }

    @Test
    void everyFaultKeepsTheInvariants() throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (String fault : FAULTS.split(",")) {
            Phase phase = new Phase(fault.trim());
            phase.run();
            rows.add(phase.row());
            phase.violations.forEach(v -> violations.add(phase.fault + ": " + v));
            report(rows);
        }
        assertEquals(List.of(), violations, String.join("\n", rows));
    }

    private static void report(List<String> rows) throws IOException {
        String table = "| fault | load (sync/async/session/streams) | requests | failed: 503+Retry-After in the fault / other | "
                + "runs completed / failed / left non-terminal at +60 s | streams to final (resumed) | captures / twice / "
                + "lost; balance = grants − captures | agent.executed missing / extra (redelivered) | fault took |\n"
                + "|---|---|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        Path out = Path.of(System.getProperty("agentplane.chaos.report", "target/chaos-report.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("CHAOS RESULTS\n" + table);
    }

    /** One fault on a workspace of its own: load, fault, load, stop, invariants. */
    private static final class Phase {
        final String fault;
        final List<String> violations = new ArrayList<>();
        final Map<String, Object> figures = new LinkedHashMap<>();
        final boolean rolling;
        final MixedLoad.Rates rates;
        Platform.Workspace ws;
        MixedLoad load;
        long faultStart;
        long faultEnd;

        Phase(String fault) {
            this.fault = fault;
            this.rolling = fault.startsWith("rolling:");
            this.rates = rolling ? ROLLING : LOAD;
        }

        void run() throws Exception {
            ws = Platform.newWorkspace("enterprise", Platform.DEFAULT_CREDITS);
            String agent = ws.newAgent("You help.", 100);
            load = new MixedLoad(ws, agent, rates).start();
            Thread.sleep((rolling ? BEFORE + 10 : BEFORE) * 1000L);
            Map<String, String> keysBefore = Map.copyOf(load.syncKeys);
            Map<String, Integer> streamsBefore = Map.copyOf(load.streamedRuns);
            faultStart = System.currentTimeMillis();
            apply();
            faultEnd = System.currentTimeMillis();
            Thread.sleep(AFTER * 1000L);
            load.stop(200);
            classifyRequests();
            if (fault.equals("redis")) {
                stillKnownAfterRestart(agent, keysBefore, streamsBefore);
            }
            List<JsonNode> runs = runsSettled();
            ledger(runs);
            agentExecuted(runs);
        }

        private void apply() throws Exception {
            String[] parts = fault.split(":");
            switch (parts[0]) {
                case "kill" -> Platform.restart("--kill", parts[1]);
                case "rolling" -> Platform.restart(parts[1]);
                case "kafka" -> {
                    chaos("kafka-stop");
                    Thread.sleep(Integer.parseInt(parts[1]) * 1000L);
                    chaos("kafka-start");
                }
                case "postgres" -> chaos("postgres", parts.length > 1 ? parts[1] : "6");
                case "redis" -> chaos("redis");
                default -> throw new IllegalArgumentException("unknown fault " + fault);
            }
        }

        /** Every failed request: in flight during the fault (a restart: until it was ready again) and 503 + Retry-After. */
        private void classifyRequests() {
            List<MixedLoad.Outcome> outcomes = List.copyOf(load.outcomes);
            Map<String, Long> byKind = outcomes.stream().collect(Collectors.groupingBy(MixedLoad.Outcome::kind, TreeMap::new, Collectors.counting()));
            long allowed = 0;
            Map<String, Integer> others = new TreeMap<>();
            for (MixedLoad.Outcome o : outcomes) {
                if (o.ok()) {
                    continue;
                }
                boolean during = o.start() <= faultEnd + 2_000 && o.end() >= faultStart;
                if (!rolling && during && o.status() == 503 && o.retryAfter()) {
                    allowed++;
                } else {
                    String what = o.kind() + " " + o.status() + (o.status() == 503 && !o.retryAfter() ? " without Retry-After" : "")
                            + (during ? " during the fault" : " outside the fault");
                    if (others.merge(what, 1, Integer::sum) == 1) {
                        violations.add(what + ": " + o.detail());
                    }
                }
            }
            figures.put("requests", outcomes.size() + " " + byKind);
            figures.put("failed", allowed + " / " + others.values().stream().mapToInt(Integer::intValue).sum()
                    + (others.isEmpty() ? "" : " " + others));
            figures.put("streams", load.streamsRead.get() + " (" + load.streamResumes.get() + ")");
            load.streamProblems.stream().limit(5).forEach(p -> violations.add("stream " + p));
            if (load.streamProblems.size() > 5) {
                violations.add((load.streamProblems.size() - 5) + " more stream problems");
            }
        }

        /** Issue 25: an Idempotency-Key and a stream written before a Redis SHUTDOWN are still there after it. */
        private void stillKnownAfterRestart(String agent, Map<String, String> keys, Map<String, Integer> streams) {
            int keysKept = 0;
            int streamsKept = 0;
            for (Map.Entry<String, String> key : keys.entrySet().stream().limit(20).toList()) {
                var answer = ws.given().contentType("application/json").header("Idempotency-Key", key.getKey())
                        .body(MixedLoad.syncBody()).post("/v1/agents/" + agent + "/execute").then().extract();
                if (answer.statusCode() == 409 && key.getValue().equals(answer.path("execution_id"))) {
                    keysKept++;
                } else {
                    violations.add("Idempotency-Key " + key.getKey() + " of " + key.getValue() + " forgotten after the Redis restart: "
                            + answer.statusCode() + " " + answer.asString());
                }
            }
            for (Map.Entry<String, Integer> stream : streams.entrySet().stream().limit(10).toList()) {
                String body = ws.given().get("/v1/executions/" + stream.getKey() + "/events").then().extract().asString();
                List<JsonNode> events = dev.agentplane.e2e.support.Sse.parse(body).stream()
                        .filter(e -> !e.path("type").asText().equals("heartbeat")).toList();
                if (events.size() == stream.getValue() && events.get(events.size() - 1).path("type").asText().equals("final")) {
                    streamsKept++;
                } else {
                    violations.add("the events of " + stream.getKey() + " after the Redis restart: " + events.size()
                            + " of " + stream.getValue());
                }
            }
            figures.put("kept across the Redis restart", keysKept + "/" + Math.min(20, keys.size()) + " idempotency keys, "
                    + streamsKept + "/" + Math.min(10, streams.size()) + " event streams");
        }

        /** The workspace's runs once none is pending or in progress, or as they are 60 s after the fault ended. */
        private List<JsonNode> runsSettled() throws InterruptedException {
            long deadline = Math.max(faultEnd + SETTLE.toMillis(), System.currentTimeMillis() + 5_000);
            List<JsonNode> runs = executions(ws);
            while (!nonTerminal(runs).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(2_000);
                runs = executions(ws);
            }
            List<JsonNode> stuck = nonTerminal(runs);
            Map<String, Long> byStatus = runs.stream().collect(Collectors.groupingBy(r -> r.path("status").asText(), TreeMap::new, Collectors.counting()));
            figures.put("runs", byStatus.getOrDefault("completed", 0L) + " / " + byStatus.getOrDefault("failed", 0L)
                    + " / " + stuck.size());
            if (!stuck.isEmpty()) {
                violations.add(stuck.size() + " runs not terminal 60 s after the fault: "
                        + stuck.stream().limit(5).map(r -> r.path("execution_id").asText() + " " + r.path("status").asText()).toList());
            }
            Set<String> unknown = new java.util.HashSet<>(load.executionIds);
            runs.forEach(r -> unknown.remove(r.path("execution_id").asText()));
            if (!unknown.isEmpty()) {
                violations.add(unknown.size() + " runs answered to the client are not listed: " + unknown.stream().limit(5).toList());
            }
            return runs;
        }

        private static List<JsonNode> nonTerminal(List<JsonNode> runs) {
            return runs.stream().filter(r -> Set.of("pending", "in_progress").contains(r.path("status").asText())).toList();
        }

        /** balance = grants − Σ captures, one capture per run at its cost, none for a run that cost nothing. */
        private void ledger(List<JsonNode> runs) throws InterruptedException {
            // a completed run is charged its cost; so is a run the engine stopped part-way (credits, step limit,
            // max_cost: its finished model calls), while a run that failed otherwise costs nothing
            Map<String, Long> costs = new HashMap<>();
            runs.stream().filter(r -> r.path("status").asText().equals("completed") || r.path("cost").asLong() > 0)
                    .forEach(r -> costs.put(r.path("execution_id").asText(), r.path("cost").asLong()));
            long deadline = System.currentTimeMillis() + 60_000;
            List<JsonNode> entries = ledgerEntries(ws);
            while (captured(entries).size() < costs.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(2_000);
                entries = ledgerEntries(ws);
            }
            JsonNode balance = ws.given().get("/v1/credits").then().statusCode(200).extract().as(JsonNode.class);
            entries = ledgerEntries(ws);
            long grants = sum(entries, "grant");
            long captures = -sum(entries, "capture");
            Map<String, Long> byExecution = captured(entries);
            long twice = entries.stream().filter(e -> e.path("kind").asText().equals("capture"))
                    .collect(Collectors.groupingBy(e -> e.path("execution_id").asText(), Collectors.counting()))
                    .values().stream().filter(n -> n > 1).count();
            List<String> lost = costs.keySet().stream().filter(id -> !byExecution.containsKey(id)).toList();
            List<String> wrong = costs.entrySet().stream().filter(c -> byExecution.containsKey(c.getKey())
                    && !byExecution.get(c.getKey()).equals(c.getValue())).map(c -> c.getKey() + " cost " + c.getValue()
                    + " captured " + byExecution.get(c.getKey())).toList();
            List<String> foreign = byExecution.keySet().stream().filter(id -> !costs.containsKey(id)).toList();
            long completedCosts = costs.values().stream().mapToLong(Long::longValue).sum();
            boolean balanced = balance.path("balance").asLong() == grants - captures;
            figures.put("ledger", byExecution.size() + " / " + twice + " / " + lost.size() + "; "
                    + (balanced ? "yes" : "NO") + " (" + balance.path("balance").asLong() + " = " + grants + " − " + captures
                    + ", Σ run costs " + completedCosts + ")");
            if (!balanced) {
                violations.add("balance " + balance + " ≠ grants " + grants + " − captures " + captures);
            }
            if (twice > 0) {
                violations.add(twice + " executions captured twice");
            }
            if (!lost.isEmpty()) {
                violations.add(lost.size() + " runs with a cost never charged: " + lost.stream().limit(5).toList());
            }
            if (!wrong.isEmpty()) {
                violations.add(wrong.size() + " charges differ from the run's cost: " + wrong.stream().limit(5).toList());
            }
            if (!foreign.isEmpty()) {
                violations.add(foreign.size() + " captures of runs that cost nothing: " + foreign.stream().limit(5).toList());
            }
            if (captures != completedCosts && lost.isEmpty() && wrong.isEmpty() && foreign.isEmpty()) {
                violations.add("Σ captures " + captures + " ≠ Σ run costs " + completedCosts);
            }
        }

        private static Map<String, Long> captured(List<JsonNode> entries) {
            return entries.stream().filter(e -> e.path("kind").asText().equals("capture"))
                    .collect(Collectors.toMap(e -> e.path("execution_id").asText(), e -> -e.path("amount").asLong(), Long::sum));
        }

        private static long sum(List<JsonNode> entries, String kind) {
            return entries.stream().filter(e -> e.path("kind").asText().equals(kind)).mapToLong(e -> e.path("amount").asLong()).sum();
        }

        /** Exactly one agent.executed (by event id) per finished run of this workspace, none for another run. */
        private void agentExecuted(List<JsonNode> runs) throws InterruptedException {
            // every run that ended, completed or failed (billing settles or releases its hold from it)
            Set<String> completed = runs.stream().filter(r -> Set.of("completed", "failed", "cancelled").contains(r.path("status").asText()))
                    .map(r -> r.path("execution_id").asText()).collect(Collectors.toSet());
            Map<String, Set<String>> events = executedEvents.computeIfAbsent(ws.workspaceId(), w -> new ConcurrentHashMap<>());
            long deadline = System.currentTimeMillis() + 60_000;
            while (!events.keySet().containsAll(completed) && System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
            }
            Thread.sleep(2_000);   // what the relay sends twice arrives right after
            List<String> missing = completed.stream().filter(id -> !events.containsKey(id)).toList();
            List<String> extra = events.entrySet().stream().filter(e -> e.getValue().size() > 1 || !completed.contains(e.getKey()))
                    .map(e -> e.getKey() + " ×" + e.getValue().size()).toList();
            int redelivered = executedDeliveries.getOrDefault(ws.workspaceId(), Map.of()).entrySet().stream()
                    .mapToInt(e -> e.getValue() - events.getOrDefault(e.getKey(), Set.of()).size()).sum();
            figures.put("agent.executed", missing.size() + " / " + extra.size() + " (" + redelivered + ")");
            if (!missing.isEmpty()) {
                violations.add(missing.size() + " finished runs without agent.executed: " + missing.stream().limit(5).toList());
            }
            if (!extra.isEmpty()) {
                violations.add(extra.size() + " runs with more than one agent.executed or one they should not have: "
                        + extra.stream().limit(5).toList());
            }
        }

        String row() {
            String rates = rolling ? ROLLING.sync() + "/s sync, " + ROLLING.streams() + " streams"
                    : LOAD.sync() + "/" + LOAD.async() + "/" + LOAD.sessions() + "/s, " + LOAD.streams() + " streams";
            String kept = figures.containsKey("kept across the Redis restart") ? "; kept: " + figures.get("kept across the Redis restart") : "";
            return "| " + fault + kept + " | " + rates + " | " + figures.get("requests") + " | " + figures.get("failed")
                    + " | " + figures.get("runs") + " | " + figures.get("streams") + " | " + figures.get("ledger")
                    + " | " + figures.get("agent.executed") + " | " + (faultEnd - faultStart) / 1000.0 + " s"
                    + (violations.isEmpty() ? "" : " — " + violations.size() + " violation(s)") + " |";
        }
    }

    /** Every execution of a workspace (all pages). */
    private static List<JsonNode> executions(Platform.Workspace ws) {
        return pages(ws, "/v1/executions?sort=created_at&order=asc");
    }

    private static List<JsonNode> ledgerEntries(Platform.Workspace ws) {
        return pages(ws, "/v1/credits/ledger?order=asc");
    }

    private static List<JsonNode> pages(Platform.Workspace ws, String path) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode answer = ws.given().get(path + "&limit=100&page=" + page).then().statusCode(200).extract().as(JsonNode.class);
            answer.path("items").forEach(all::add);
            if (!answer.path("pagination").path("has_more").asBoolean(false)) {
                return all;
            }
        }
    }

    /** bench/chaos --fault NAME ARGS: the faults on the platform's own Kafka, Redis and database. */
    private static void chaos(String... fault) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bench/chaos").toString(), "--fault"));
        command.addAll(List.of(fault));
        Path log = Platform.runDir().resolve("logs/chaos-fault.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("bench/chaos --fault " + String.join(" ", fault) + " failed: " + Files.readString(log));
        }
    }

    /** Reads execution.events from the start for the whole run: agent.executed ids and deliveries per workspace and run. */
    private static void consume(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && consuming.get()) {
                kafka.partitionsFor(EXECUTION_EVENTS, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            while (consuming.get()) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode event = JSON.readTree(record.value());
                        if (!"agent.executed".equals(event.path("type").asText())) {
                            continue;
                        }
                        String workspace = event.path("workspace").asText();
                        String execution = event.path("data").path("execution_id").asText(event.path("subject").asText());
                        executedEvents.computeIfAbsent(workspace, w -> new ConcurrentHashMap<>())
                                .computeIfAbsent(execution, e -> ConcurrentHashMap.newKeySet()).add(event.path("id").asText());
                        executedDeliveries.computeIfAbsent(workspace, w -> new ConcurrentHashMap<>()).merge(execution, 1, Integer::sum);
                    } catch (IOException notJson) {
                        // not an envelope: not ours to judge here
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("the agent.executed reader stopped: " + e);
        }
    }
}
