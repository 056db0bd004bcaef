package dev.agentplane.e2e.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The running platform as the end-to-end tests see it: the gateway URL (system property
 * {@code agentplane.url}) and fresh workspaces made through the operator API with the operator key
 * that bin/up left in the run directory ({@code agentplane.run-dir}), or the one bin/test gave the
 * suite's own platform ({@code AGENTPLANE_E2E_ADMIN_KEY}).
 */
public final class Platform {
    private static final String URL = System.getProperty("agentplane.url", "http://127.0.0.1:8080");
    private static final Path RUN_DIR = Path.of(System.getProperty("agentplane.run-dir", ".run"));
    /** Enough micro-credits that no test runs out unless it means to. */
    public static final long DEFAULT_CREDITS = 1_000_000_000_000L;
    private static volatile String adminKey;

    private Platform() {
    }

    public static String url() {
        return URL;
    }

    public static Path runDir() {
        return RUN_DIR;
    }

    /**
     * Runs {@code bin/restart} with these arguments (services, {@code --kill}) and waits for it: a rolling restart
     * of the platform under test, or a crash and a start. Its output goes to {@code logs/restart.log} (written to
     * this JVM's stdout it would corrupt surefire's channel).
     */
    public static void restart(String... arguments) throws java.io.IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("agentplane.root", "..")).resolve("bin/restart").toString()));
        command.addAll(java.util.List.of(arguments));
        Path log = RUN_DIR.resolve("logs/restart.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("bin/restart " + String.join(" ", arguments) + " failed: "
                    + java.nio.file.Files.readString(log));
        }
    }

    /** A request to the gateway with no credentials. */
    public static RequestSpecification anonymous() {
        return RestAssured.given().baseUri(URL);
    }

    /** The platform operator's key (the fuzz test sends it on /v1/admin routes). */
    public static String operatorKey() {
        return adminKey();
    }

    /** A request carrying the platform operator's key. */
    public static RequestSpecification operator() {
        return anonymous().header("X-API-Key", adminKey()).contentType(ContentType.JSON);
    }

    /** A workspace of its own (tier team, plenty of credits) for one test; nothing else sees its data. */
    public static Workspace newWorkspace() {
        return newWorkspace("team", DEFAULT_CREDITS);
    }

    public static Workspace newWorkspace(String tier, long credits) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenantId = operator().body(Map.of("name", "e2e-" + suffix)).post("/v1/admin/tenants")
                .then().statusCode(201).extract().path("id");
        String workspaceId = operator().body(Map.of("name", "e2e-" + suffix, "tier", tier))
                .post("/v1/admin/tenants/" + tenantId + "/workspaces").then().statusCode(201).extract().path("id");
        String key = createKey(workspaceId, "workspace", List.of());
        if (credits > 0) {
            operator().body(Map.of("amount", credits, "note", "e2e")).post("/v1/admin/workspaces/" + workspaceId + "/credits")
                    .then().statusCode(200);
        }
        return new Workspace(tenantId, workspaceId, key);
    }

    static String createKey(String workspaceId, String type, List<String> agents) {
        return operator().body(Map.of("name", type + "-key", "type", type, "allowed_agents", agents))
                .post("/v1/admin/workspaces/" + workspaceId + "/api-keys").then().statusCode(201)
                .extract().path("secret");
    }

    /** A workspace and the workspace key (wak_) every request of the test carries. */
    public record Workspace(String tenantId, String workspaceId, String apiKey) {
        public RequestSpecification given() {
            return anonymous().header("X-API-Key", apiKey);
        }

        /** A new agent of this workspace on the simulator's model; returns its id. */
        public String newAgent(String systemPrompt, int maxTokens) {
            String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
            given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Agent " + id,
                            "system_prompt", systemPrompt, "role", "general-assistant",
                            "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", maxTokens)))
                    .when().post("/v1/agents").then().statusCode(201);
            return id;
        }

        /** A new execution key (eak_) of this workspace, optionally limited to some agents. */
        public RequestSpecification asExecutor(String... agents) {
            return anonymous().header("X-API-Key", createKey(workspaceId, "execution", List.of(agents)));
        }
    }

    private static String adminKey() {
        String given = System.getenv("AGENTPLANE_E2E_ADMIN_KEY");
        if (adminKey == null && given != null && !given.isBlank()) {
            adminKey = given;
        }
        if (adminKey == null) {
            try {
                adminKey = Files.readString(RUN_DIR.resolve("admin-key")).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("no operator key at " + RUN_DIR.resolve("admin-key")
                        + " — run the suite through bin/test (or start the platform with bin/up)", e);
            }
        }
        return adminKey;
    }
}
