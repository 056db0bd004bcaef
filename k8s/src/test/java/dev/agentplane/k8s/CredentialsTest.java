package dev.agentplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.agentplane.k8s.ManifestsTest.agentplaneDeployments;
import static dev.agentplane.k8s.ManifestsTest.all;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Redis, Kafka and PostgreSQL take no unauthenticated client: every service signs in to each as its own user
 * with a password from a Secret, and nothing in the manifests holds one.
 */
class CredentialsTest {
    private static final String CONFIG = "agentplane-config";

    @BeforeAll
    static void render() throws Exception {
        if (ManifestsTest.RENDERED.isEmpty()) {
            ManifestsTest.render();
        }
    }

    private static Map<String, JsonNode> env(JsonNode deployment) {
        Map<String, JsonNode> env = new TreeMap<>();
        deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static JsonNode config(String overlay) {
        return all(overlay, "ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().equals(CONFIG))
                .findFirst().orElseThrow().path("data");
    }

    private static List<JsonNode> kitServices(String overlay) {
        return agentplaneDeployments(overlay).stream().filter(d -> env(d).containsKey("AGENTPLANE_REDIS_PASSWORD")).toList();
    }

    private static String secretOf(JsonNode env) {
        return env.path("valueFrom").path("secretKeyRef").path("name").asText() + "/"
                + env.path("valueFrom").path("secretKeyRef").path("key").asText();
    }

    @Test
    void everyServiceSignsInToRedisAsItsOwnAclUserAndTheDefaultUserMayOnlyPing() {
        for (String overlay : List.of("dev", "prod")) {
            assertEquals("redis://${quarkus.application.name}:${agentplane.redis.password}@redis:6379",
                    config(overlay).path("QUARKUS_REDIS_HOSTS").asText());
            JsonNode redis = all(overlay, "StatefulSet").stream()
                    .filter(s -> s.path("metadata").path("name").asText().equals("redis")).findFirst().orElseThrow();
            JsonNode container = redis.path("spec").path("template").path("spec").path("containers").get(0);
            List<String> args = new ArrayList<>();
            container.path("args").forEach(a -> args.add(a.asText()));
            Map<String, String> users = redisUsers(args);
            assertEquals("on nopass -@all +ping", users.remove("default"), "the default user: the probes' PING only");
            Map<String, String> passwordVars = new TreeMap<>();
            container.path("env").forEach(e -> passwordVars.put(e.path("name").asText(), secretOf(e)));
            Set<String> services = new TreeSet<>();
            for (JsonNode d : kitServices(overlay)) {
                String name = d.path("metadata").path("name").asText();
                services.add(name);
                assertEquals("agentplane-redis/" + name, secretOf(env(d).get("AGENTPLANE_REDIS_PASSWORD")), name);
                Matcher password = Pattern.compile("^on >\\$\\(([A-Z_]+)\\) ").matcher(users.getOrDefault(name, ""));
                assertTrue(password.find(), name + " has a Redis user with a password: " + users.get(name));
                assertEquals("agentplane-redis/" + name, passwordVars.get(password.group(1)), name);
                assertTrue(users.get(name).endsWith("-@admin -@dangerous +config|get +info"), users.get(name));
            }
            assertEquals(6, services.size(), services.toString());
            assertEquals(services, users.keySet(), "a Redis user for each service, and none for anything else");
        }
    }

    /** user name -> its rules, from the --user options of redis-server's arguments. */
    private static Map<String, String> redisUsers(List<String> args) {
        Map<String, String> users = new TreeMap<>();
        String user = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--user")) {
                user = args.get(++i);
                users.put(user, "");
            } else if (args.get(i).startsWith("--")) {
                user = null;
            } else if (user != null) {
                users.merge(user, args.get(i), (a, b) -> a.isEmpty() ? b : a + " " + b);
            }
        }
        return users;
    }

    @Test
    void everyServiceSignsInToKafkaAsItsOwnScramUser() {
        for (String overlay : List.of("dev", "prod")) {
            JsonNode kafka = all(overlay, "Kafka").get(0).path("spec").path("kafka");
            kafka.path("listeners").forEach(l ->
                    assertEquals("scram-sha-512", l.path("authentication").path("type").asText(), l.toString()));
            assertFalse(all(overlay, "Kafka").get(0).path("spec").path("entityOperator").path("userOperator").isMissingNode());
            assertEquals("SASL_PLAINTEXT", config(overlay).path("KAFKA_SECURITY_PROTOCOL").asText());
            assertEquals("SCRAM-SHA-512", config(overlay).path("KAFKA_SASL_MECHANISM").asText());
            Set<String> users = new TreeSet<>();
            all(overlay, "KafkaUser").forEach(u -> {
                assertEquals("scram-sha-512", u.path("spec").path("authentication").path("type").asText());
                assertEquals("agentplane", u.path("metadata").path("labels").path("strimzi.io/cluster").asText());
                users.add(u.path("metadata").path("name").asText());
            });
            Set<String> services = new TreeSet<>();
            for (JsonNode d : kitServices(overlay)) {
                String name = d.path("metadata").path("name").asText();
                services.add(name);
                // the Secret Strimzi's User Operator makes for the KafkaUser of the same name
                assertEquals(name + "/sasl.jaas.config", secretOf(env(d).get("KAFKA_SASL_JAAS_CONFIG")), name);
            }
            assertEquals(services, users);
        }
    }

    @Test
    void postgresqlPasswordsComeFromTheSecretTheClusterIsBootstrappedWith() {
        for (String overlay : List.of("dev", "prod")) {
            assertEquals("agentplane-db-app", all(overlay, "Cluster").get(0).path("spec").path("bootstrap").path("initdb")
                    .path("secret").path("name").asText());
            assertEquals(6, kitServices(overlay).size());
            for (JsonNode d : kitServices(overlay)) {
                assertEquals("agentplane-db-app/password", secretOf(env(d).get("QUARKUS_DATASOURCE_PASSWORD")));
                assertEquals("agentplane-db-app/username", secretOf(env(d).get("QUARKUS_DATASOURCE_USERNAME")));
                assertEquals("agentplane-api-key-cache/mac-key", secretOf(env(d).get("AGENTPLANE_API_KEY_CACHE_MAC_KEY")));
            }
            String data = config(overlay).toString().toLowerCase(java.util.Locale.ROOT);
            assertFalse(data.contains("password=") || data.contains("password\":"), "no password in " + CONFIG);
        }
    }

    @Test
    void composeMakesItsPasswordsAtFirstStartAndInlinesNone() throws Exception {
        Object loaded = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(
                ManifestsTest.ROOT.resolve("docker-compose.yml")));
        JsonNode services = SchemaValidator.YAML.valueToTree(loaded).path("services");
        assertEquals("/keys/postgres.password", services.path("postgres").path("environment").path("POSTGRES_PASSWORD_FILE").asText());
        assertTrue(services.path("postgres").path("environment").path("POSTGRES_PASSWORD").isMissingNode());
        assertTrue(services.path("redis").path("command").toString().contains("\"--aclfile\",\"/keys/users.acl\""));
        for (String service : ManifestsTest.services().keySet()) {
            JsonNode env = services.path(service).path("environment");
            if (!env.has("QUARKUS_REDIS_HOSTS")) {
                continue;   // console, llm-simulator: no store of their own
            }
            assertEquals("/keys/agentplane.properties", env.path("QUARKUS_CONFIG_LOCATIONS").asText(), service);
            assertTrue(env.path("QUARKUS_REDIS_HOSTS").asText().startsWith("redis://$${quarkus.application.name}:$${"), service);
            assertTrue(env.path("QUARKUS_DATASOURCE_PASSWORD").isMissingNode(), service + " has no inlined password");
        }
        Matcher list = Pattern.compile("\nSERVICES=\"([^\"]+)\"").matcher(
                java.nio.file.Files.readString(ManifestsTest.ROOT.resolve("docker/make-secrets.sh")));
        assertTrue(list.find());
        Set<String> withRedis = new TreeSet<>();
        ManifestsTest.services().keySet().stream()
                .filter(service -> services.path(service).path("environment").has("QUARKUS_REDIS_HOSTS")).forEach(withRedis::add);
        assertEquals(withRedis, new TreeSet<>(List.of(list.group(1).split(" "))), "docker/make-secrets.sh's Redis users");
    }
}
