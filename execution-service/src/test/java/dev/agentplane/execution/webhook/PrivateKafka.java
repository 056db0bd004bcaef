package dev.agentplane.execution.webhook;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kafka broker of the test's own (single-node KRaft, the jars bin/lib/kafka.sh runs, on free loopback ports, a
 * data directory under target/), so that a test may kill and restart it without touching the broker everybody
 * else's tests share. The test drives it through {@link #at(String)} with the directory this resource reports as
 * {@code test.private-kafka.dir}: state is in files (pid, command), not in fields, because the resource and the
 * test class live in different class loaders.
 */
public class PrivateKafka implements QuarkusTestResourceLifecycleManager {
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "private-kafka-");
            int port = freePort();
            int controller = freePort();
            String classpath = classpath();
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller", "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controller,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"), "num.partitions=3", "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3", "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true", ""));
            Files.writeString(dir.resolve("port"), String.valueOf(port));
            Files.writeString(dir.resolve("classpath"), classpath);
            String cluster = run(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "random-uuid")).strip();
            cluster = cluster.lines().reduce((a, b) -> b).orElseThrow();
            run(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "format", "-c",
                    dir.resolve("server.properties").toString(), "-t", cluster));
            at(dir.toString()).startBroker();
            // system properties (ordinal 400) outrank the KAFKA_BOOTSTRAP_SERVERS that bin/test-env exports (300),
            // which a resource's own config does not; the Kafka client config reads the variable's own name too
            System.setProperty("kafka.bootstrap.servers", "127.0.0.1:" + port);
            System.setProperty("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + port);
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + port, "test.private-kafka.dir", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        System.clearProperty("kafka.bootstrap.servers");
        System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
        if (dir != null) {
            at(dir.toString()).kill();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // target/ is cleaned by the next build anyway
            }
        }
    }

    /** The broker whose files are in this directory. */
    public static Broker at(String dir) {
        return new Broker(Path.of(dir));
    }

    /** Starts and kills the broker process; its data directory survives a kill, as a crashed broker's does. */
    public record Broker(Path dir) {
        public int port() {
            try {
                return Integer.parseInt(Files.readString(dir.resolve("port")).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void startBroker() {
            try {
                Path log = dir.resolve("kafka.log");
                Process p = new ProcessBuilder(java(), "-Xms128m", "-Xmx256m", "-cp",
                        Files.readString(dir.resolve("classpath")), "kafka.Kafka", dir.resolve("server.properties").toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                Files.writeString(dir.resolve("pid"), String.valueOf(p.pid()));
                int port = Integer.parseInt(Files.readString(dir.resolve("port")));
                Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                while (!accepts(port)) {
                    if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the private Kafka did not start; see " + log);
                    }
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** SIGKILL, and waits until the process is gone: no controlled shutdown, as in a crash. */
        public void kill() {
            try {
                Path pid = dir.resolve("pid");
                if (Files.exists(pid)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(h -> {
                        h.destroyForcibly();
                        h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                    });
                    Files.delete(pid);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The broker's classpath, resolved offline from infra/kafka/pom.xml (as bin/lib/kafka.sh does). */
    private static String classpath() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("infra/kafka/pom.xml"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("infra/kafka/pom.xml not found above " + Path.of("").toAbsolutePath());
        }
        Path out = Path.of("target", "kafka-broker-classpath.txt").toAbsolutePath();
        if (!Files.exists(out) || Files.size(out) == 0) {
            run(List.of("mvn", "-o", "-q", "-B", "-f", root.resolve("infra/kafka/pom.xml").toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + out));
        }
        return Files.readString(out).strip();
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(command.get(command.size() > 3 ? 3 : 0) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }
}
