package dev.agentplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.event.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every kustomize overlay renders, every object it renders is valid against its schema, and the checks an
 * operator relies on hold: probes, limits, non-root read-only containers, a drain that fits the grace period,
 * secrets referenced and never inlined, the Ingress routing what the gateway routes, the topics of Topics,
 * a durable Redis, and docker-compose.yml running the same platform as bin/up.
 */
class ManifestsTest {
    static final Path K8S = Path.of("").toAbsolutePath();
    static final Path ROOT = K8S.getParent();
    static final SchemaValidator VALIDATOR = new SchemaValidator(K8S.resolve("schemas"));
    static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            RENDERED.put(overlay, kustomize(K8S.resolve("overlays").resolve(overlay)));
        }
    }

    static List<JsonNode> kustomize(Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the overlays (bin/lib/infra.sh installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ": " + err);
        return SchemaValidator.readAll(out);
    }

    static List<JsonNode> all(String overlay, String kind) {
        return RENDERED.get(overlay).stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static List<JsonNode> agentplaneDeployments(String overlay) {
        return all(overlay, "Deployment").stream()
                .filter(d -> d.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText().equals("agentplane"))
                .toList();
    }

    /** The services bin/lib/common.sh lists (SERVICE_PORTS): name -> port. */
    static Map<String, Integer> services() throws IOException {
        String common = Files.readString(ROOT.resolve("bin/lib/common.sh"));
        Matcher block = Pattern.compile("SERVICE_PORTS=\\(([^)]*)\\)").matcher(common);
        assertTrue(block.find(), "SERVICE_PORTS in bin/lib/common.sh");
        Map<String, Integer> services = new TreeMap<>();
        Matcher entry = Pattern.compile("([a-z-]+)=([0-9]+)").matcher(block.group(1));
        while (entry.find()) {
            services.put(entry.group(1), Integer.parseInt(entry.group(2)));
        }
        return services;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectIsValidAgainstItsSchema(String overlay) {
        List<String> problems = new ArrayList<>();
        RENDERED.get(overlay).forEach(o -> problems.addAll(VALIDATOR.validate(o)));
        assertEquals(List.of(), problems);
        Set<String> kinds = RENDERED.get(overlay).stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "NetworkPolicy", "Ingress", "KafkaTopic", "Kafka", "KafkaNodePool", "Cluster", "StatefulSet")), kinds.toString());
    }

    @Test
    void aMisspeltFieldFailsValidation() throws Exception {
        List<JsonNode> bad = SchemaValidator.readAll(Files.readString(K8S.resolve("src/test/resources/misspelt.yaml")));
        Map<String, List<String>> problems = new TreeMap<>();
        bad.forEach(o -> problems.put(SchemaValidator.id(o), VALIDATOR.validate(o)));
        assertEquals(4, problems.size(), problems.toString());
        problems.forEach((id, found) -> assertEquals(1, found.size(), id + ": " + found));
        assertTrue(problems.get("Deployment/typo").get(0).contains("readinesProbe"), problems.toString());
        assertTrue(problems.get("Service/wrong-type").get(0).contains("port"), problems.toString());
        assertTrue(problems.get("KafkaTopic/typo").get(0).contains("unknown field .spec.partitons"), problems.toString());
        assertTrue(problems.get("Cluster/typo").get(0).contains("instances"), problems.toString());
    }

    /**
     * k8s/base/generated/ holds, for every service of bin/lib/common.sh, what its build generated (compared as
     * YAML, not as text) followed by its budget, its autoscaler and its KafkaUser. A service not built in this tree is
     * skipped.
     */
    @Test
    void everyServiceHasItsGeneratedManifestAndTheyAreCurrent() throws Exception {
        Set<String> deployed = agentplaneDeployments("prod").stream().map(d -> d.path("metadata").path("name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(services().keySet(), deployed, "one Deployment per service of bin/lib/common.sh (run k8s/generate)");
        int compared = 0;
        for (String service : services().keySet()) {
            Path built = ROOT.resolve(service).resolve("target/kubernetes/kubernetes.yml");
            if (!Files.exists(built)) {
                continue;
            }
            List<JsonNode> expected = SchemaValidator.readAll(Files.readString(built));
            List<JsonNode> committed = SchemaValidator.readAll(Files.readString(K8S.resolve("base/generated/" + service + ".yaml")));
            // and, for a service built on service-kit, the KafkaUser it signs in as (CredentialsTest)
            int extra = committed.size() - expected.size();
            assertTrue((extra == 2 || extra == 3 && committed.get(expected.size() + 2).path("kind").asText().equals("KafkaUser"))
                            && committed.subList(0, expected.size()).equals(expected)
                            && committed.get(expected.size()).path("kind").asText().equals("PodDisruptionBudget")
                            && committed.get(expected.size() + 1).path("kind").asText().equals("HorizontalPodAutoscaler"),
                    "k8s/base/generated/" + service + ".yaml is not what " + service + "'s build generated: run k8s/generate");
            compared++;
        }
        System.out.println("generated manifests compared with this tree's builds: " + compared);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesLimitsAndRunsNonRootOnAReadOnlyRoot(String overlay) {
        List<String> problems = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (JsonNode workload : all(overlay, kind)) {
                JsonNode pod = workload.path("spec").path("template").path("spec");
                String id = SchemaValidator.id(workload);
                if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) {
                    problems.add(id + ": runAsNonRoot");
                }
                for (JsonNode c : pod.path("containers")) {
                    String at = id + "/" + c.path("name").asText();
                    for (String probe : List.of("livenessProbe", "readinessProbe")) {
                        if (c.path(probe).isMissingNode()) {
                            problems.add(at + ": no " + probe);
                        }
                    }
                    if (c.path("resources").path("limits").path("memory").isMissingNode()) {
                        problems.add(at + ": no memory limit");
                    }
                    if (c.path("resources").path("requests").path("cpu").isMissingNode()) {
                        problems.add(at + ": no cpu request");
                    }
                    JsonNode sc = c.path("securityContext");
                    if (!sc.path("readOnlyRootFilesystem").asBoolean() || sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                        problems.add(at + ": root filesystem writable or privilege escalation allowed");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** preStop + Quarkus' shutdown delay + its HTTP drain must end before Kubernetes kills the pod. */
    @Test
    void theGracePeriodCoversTheWholeDrain() throws IOException {
        Map<String, String> kit = kitConfig();
        int delay = seconds(kit.get("%prod.quarkus.shutdown.delay"));
        int timeout = seconds(kit.get("quarkus.shutdown.timeout"));
        for (JsonNode d : agentplaneDeployments("prod")) {
            JsonNode pod = d.path("spec").path("template").path("spec");
            String preStop = pod.path("containers").get(0).path("lifecycle").path("preStop").path("exec").path("command").toString();
            Matcher sleep = Pattern.compile("sleep ([0-9]+)").matcher(preStop);
            assertTrue(sleep.find(), SchemaValidator.id(d) + " preStop " + preStop);
            int needed = Integer.parseInt(sleep.group(1)) + delay + timeout;
            assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > needed,
                    SchemaValidator.id(d) + ": grace " + pod.path("terminationGracePeriodSeconds") + " s, drain needs " + needed);
        }
    }

    @Test
    void secretsAreReferencedNeverInlinedAndTheReadmeCreatesThem() throws IOException {
        assertEquals(List.of(), all("prod", "Secret"), "no Secret in the manifests: k8s/README.md creates them");
        Set<String> referenced = new TreeSet<>();
        collectSecretNames(RENDERED.get("prod"), referenced);
        String readme = Files.readString(K8S.resolve("README.md"));
        Set<String> created = new TreeSet<>();
        Matcher m = Pattern.compile("create secret generic ([a-z0-9-]+)").matcher(readme);
        while (m.find()) {
            created.add(m.group(1));
        }
        // Strimzi's User Operator makes a Secret named after each KafkaUser
        all("prod", "KafkaUser").forEach(u -> created.add(u.path("metadata").path("name").asText()));
        assertFalse(referenced.isEmpty());
        assertTrue(created.containsAll(referenced), "referenced " + referenced + ", the README creates " + created);
        String text = RENDERED.get("prod").toString();
        assertFalse(text.matches("(?s).*(BEGIN (RSA )?PRIVATE KEY|wak_|adm-).*"), "no key material in the manifests");
    }

    private static void collectSecretNames(Iterable<JsonNode> nodes, Set<String> names) {
        for (JsonNode node : nodes) {
            if (node.isObject()) {
                if (node.has("secretKeyRef")) {
                    names.add(node.get("secretKeyRef").path("name").asText());
                }
                if (node.has("secretRef")) {
                    names.add(node.get("secretRef").path("name").asText());
                }
                if (node.has("secretName")) {
                    names.add(node.get("secretName").asText());
                }
                if (node.path("secret").has("name")) {
                    names.add(node.get("secret").get("name").asText());
                }
            }
            collectSecretNames(node, names);
        }
    }

    /** Each /v1 family the gateway routes goes, through the Ingress, to the same service. */
    @Test
    void theIngressRoutesWhatTheGatewayRoutes() throws IOException {
        String nginx = Files.readString(ROOT.resolve("gateway/nginx.conf"));
        Map<String, String> gateway = new TreeMap<>();
        Matcher m = Pattern.compile("location\\s+([~=]\\s+)?\\^?([^\\s{]+)\\$?\\s*\\{[^}]*?proxy_pass http://([a-z_]+)").matcher(nginx);
        while (m.find()) {
            if (!m.group(2).startsWith("/health")) {
                gateway.put(route(m.group(2).replaceAll("\\$$", "")), m.group(3).replace('_', '-'));
            }
        }
        Map<String, String> ingress = new TreeMap<>();
        for (JsonNode in : all("prod", "Ingress")) {
            for (JsonNode rule : in.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    ingress.put(route(path.path("path").asText()), path.path("backend").path("service").path("name").asText());
                }
            }
        }
        assertTrue(gateway.size() >= 15, gateway.toString());
        assertEquals(gateway, ingress);
    }

    // "/a/" and "/a" route alike (nginx prefix, Ingress Prefix by path element)
    private static String route(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Each Ingress backend and each service URL of agentplane-config names a Service and a port it has. */
    @Test
    void backendsAndServiceUrlsPointAtServicesThatExist() {
        Map<String, Set<Integer>> ports = new HashMap<>();
        for (JsonNode s : all("prod", "Service")) {
            Set<Integer> p = new HashSet<>();
            s.path("spec").path("ports").forEach(port -> p.add(port.path("port").asInt()));
            ports.put(s.path("metadata").path("name").asText(), p);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode in : all("prod", "Ingress")) {
            for (JsonNode rule : in.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode svc = path.path("backend").path("service");
                    if (!ports.getOrDefault(svc.path("name").asText(), Set.of()).contains(svc.path("port").path("number").asInt())) {
                        problems.add("Ingress " + path.path("path").asText() + " -> " + svc);
                    }
                }
            }
        }
        JsonNode config = all("prod", "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("agentplane-config")).findFirst().orElseThrow();
        config.path("data").fields().forEachRemaining(e -> {
            Matcher url = Pattern.compile("^[a-z]+://([a-z0-9-]+):([0-9]+)").matcher(e.getValue().asText());
            if (e.getKey().startsWith("QUARKUS_REST_CLIENT_") && !(url.find()
                    && ports.getOrDefault(url.group(1), Set.of()).contains(Integer.parseInt(url.group(2))))) {
                problems.add(e.getKey() + " = " + e.getValue().asText());
            }
        });
        for (JsonNode d : agentplaneDeployments("prod")) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                c.path("ports").forEach(p -> {
                    if (p.has("hostPort")) {
                        problems.add(SchemaValidator.id(d) + " binds a host port " + p);
                    }
                });
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theKafkaTopicsAreThoseOfTopicsWithTheirPartitions() {
        Map<String, Integer> topics = new TreeMap<>();
        for (JsonNode t : all("prod", "KafkaTopic")) {
            topics.put(t.path("metadata").path("name").asText(), t.path("spec").path("partitions").asInt());
            assertEquals(3, t.path("spec").path("replicas").asInt());
        }
        Map<String, Integer> expected = new TreeMap<>();
        Topics.ALL.forEach(t -> expected.put("agentplane." + t, 6));   // TopicInitializer's agentplane.kafka.partitions
        assertEquals(expected, topics);
        all("dev", "KafkaTopic").forEach(t -> assertEquals(1, t.path("spec").path("replicas").asInt(), t.toString()));
    }

    @Test
    void redisAppendsToAPersistentVolumeAndNeverEvicts() throws IOException {
        JsonNode redis = all("prod", "StatefulSet").stream().filter(s -> s.path("metadata").path("name").asText().equals("redis"))
                .findFirst().orElseThrow();
        String args = redis.path("spec").path("template").path("spec").path("containers").get(0).path("args").toString();
        for (String setting : List.of("\"--appendonly\",\"yes\"", "\"--appendfsync\",\"everysec\"", "\"--maxmemory-policy\",\"noeviction\"")) {
            assertTrue(args.contains(setting), args);
        }
        assertEquals("data", redis.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText());
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertTrue(compose.contains("\"--appendonly\", \"yes\", \"--appendfsync\", \"everysec\", \"--maxmemory-policy\", \"noeviction\""));
        assertTrue(Files.readString(ROOT.resolve("bin/lib/infra.sh"))
                .contains("--appendonly yes --appendfsync everysec --maxmemory-policy noeviction"));
    }

    /** docker-compose.yml runs what bin/up runs: every service, on its port, with the environment bin/up gives it. */
    @Test
    void composeRunsTheSamePlatformAsBinUp() throws Exception {
        // SnakeYAML resolves the file's anchors and merge keys (<<: *env); Jackson's YAML reader does not
        Object loaded = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        JsonNode compose = SchemaValidator.YAML.valueToTree(loaded);
        JsonNode composeServices = compose.path("services");
        String platform = Files.readString(ROOT.resolve("bin/lib/platform.sh"));
        Set<String> binUpEnv = new TreeSet<>();
        Matcher exported = Pattern.compile("\\b(QUARKUS_DATASOURCE_JDBC_URL|QUARKUS_REDIS_HOSTS|KAFKA_BOOTSTRAP_SERVERS|"
                + "MP_JWT_VERIFY_PUBLICKEY_LOCATION|SMALLRYE_JWT_SIGN_KEY_LOCATION|AGENTPLANE_RUN_DIR)=").matcher(platform);
        while (exported.find()) {
            binUpEnv.add(exported.group(1));
        }
        assertEquals(6, binUpEnv.size(), binUpEnv.toString());
        for (var service : services().entrySet()) {
            JsonNode s = composeServices.path(service.getKey());
            assertFalse(s.isMissingNode(), "docker-compose.yml has " + service.getKey());
            assertEquals(service.getKey(), s.path("build").path("args").path("MODULE").asText());
            if (service.getKey().equals("llm-simulator")) {
                continue;
            }
            assertEquals(String.valueOf(service.getValue()), s.path("environment").path("QUARKUS_HTTP_PORT").asText(), service.getKey());
            if (service.getKey().equals("console")) {
                // no data of its own: it calls the API through the gateway, as bin/up's AGENTPLANE_CONSOLE_API_URL says
                assertEquals("http://gateway:8080", s.path("environment").path("AGENTPLANE_CONSOLE_API_URL").asText());
                assertEquals("server console:8187;", composeServices.path("gateway").path("environment").path("UPSTREAM_CONSOLE").asText());
                continue;
            }
            Set<String> env = new HashSet<>();
            s.path("environment").fieldNames().forEachRemaining(env::add);
            env.add("AGENTPLANE_RUN_DIR");   // the image sets it (docker/Dockerfile.jvm)
            assertTrue(env.containsAll(binUpEnv), service.getKey() + " lacks " + binUpEnv.stream().filter(e -> !env.contains(e)).toList());
            String url = "http://" + service.getKey() + ":" + service.getValue();
            String var = "QUARKUS_REST_CLIENT_" + service.getKey().toUpperCase().replace('-', '_') + "_URL";
            assertEquals(url, s.path("environment").path(var).asText(), var);
            assertEquals("server " + service.getKey() + ":" + service.getValue() + ";",
                    composeServices.path("gateway").path("environment").path("UPSTREAM_" + service.getKey().toUpperCase().replace('-', '_')).asText());
        }
        for (String store : List.of("postgres", "redis")) {
            assertFalse(composeServices.path(store).path("healthcheck").isMissingNode(), store + " has a health check");
        }
        assertTrue(Files.readString(ROOT.resolve("docker/Dockerfile.jvm")).contains("AGENTPLANE_RUN_DIR=/data"));
    }

    static Map<String, String> kitConfig() throws IOException {
        Map<String, String> config = new HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("service-kit/src/main/resources/META-INF/microprofile-config.properties"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                config.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return config;
    }

    static int seconds(String duration) {
        assertNotNull(duration);
        assertTrue(duration.endsWith("s"), duration);
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }
}
