package dev.agentplane.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * An agent's own HTTP tool (config.worker_config.http_tools) through the gateway, with a workspace secret in its
 * header: the tool server on 127.0.0.2 (the suite's allowance, bin/test) gets the header; the secret is in no answer,
 * event, step or log file of the platform — even though the server echoes it back.
 */
class HttpToolsE2ETest {
    private static HttpServer server;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startToolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/crm/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            SEEN.add(exchange.getRequestURI().getRawPath() + " " + auth);
            byte[] body = ("{\"customer\": \"Ada\", \"seen_auth\": \"" + auth + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopToolServer() {
        server.stop(0);
    }

    @Test
    void anAgentsHttpToolSendsTheSecretToItsServerOnly() throws IOException {
        Platform.Workspace ws = Platform.newWorkspace();
        String secret = "crm-" + UUID.randomUUID();
        String secretId = ws.given().contentType("application/json").body(Map.of("name", "CRM_TOKEN", "value", secret))
                .when().post("/v1/secrets").then().statusCode(201).body("value_hint", is("****" + secret.substring(secret.length() - 4)))
                .extract().path("id");
        String agent = "e2e-http-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> tool = Map.of("name", "crm_lookup", "description", "Looks a customer up in the CRM",
                "method", "GET", "url", "http://127.0.0.2:" + server.getAddress().getPort() + "/crm/customers/{customer}",
                "parameters", Map.of("type", "object", "properties", Map.of("customer", Map.of("type", "string"))),
                "headers", Map.of("Authorization", "Bearer {{secrets.CRM_TOKEN}}"));
        String created = ws.given().contentType("application/json").body(Map.of("id", agent, "name", "CRM " + agent,
                        "system_prompt", "Use the CRM.", "llm_config", Map.of("provider", "openai", "model", "sim-1",
                                "max_tokens", 200), "config", Map.of("worker_config", Map.of("http_tools", List.of(tool)))))
                .when().post("/v1/agents").then().statusCode(201).extract().asString();
        assertFalse(created.contains(secret));

        String answer = ws.given().contentType("application/json")
                .body(Map.of("message", "Who is c 1? [sim:tool=crm_lookup] [sim:args={\"customer\":\"c 1\"}]"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", containsString("Ada"),
                        "output.text", containsString("[secret CRM_TOKEN]")).extract().asString();
        assertTrue(SEEN.contains("/crm/customers/c%201 Bearer " + secret), SEEN.toString());
        String execution = io.restassured.path.json.JsonPath.from(answer).getString("execution_id");
        String steps = ws.given().get("/v1/executions/" + execution + "/steps").then().statusCode(200)
                .body("steps.find { it.type == 'tool_call' }.toolkit", is("http"),
                        "steps.find { it.type == 'tool_call' }.state", is("done")).extract().asString();
        String events = ws.given().get("/v1/executions/" + execution + "/events").then().statusCode(200).extract().asString();
        assertTrue(events.contains("\"tool_result\""), events);
        for (String shown : List.of(answer, steps, events, ws.given().get("/v1/secrets").then().statusCode(200).extract().asString())) {
            assertFalse(shown.contains(secret), shown);
        }
        try (Stream<Path> logs = Files.list(Platform.runDir().resolve("logs"))) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(secret), "secret in " + log);
            }
        }

        // another workspace: the secret's id is 404, and its own agent cannot be run there
        Platform.Workspace other = Platform.newWorkspace();
        other.given().get("/v1/secrets/" + secretId).then().statusCode(404).body("code", is("SECRET_NOT_FOUND"));
        other.given().contentType("application/json").body("{\"customer\": \"x\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/crm_lookup").then().statusCode(404);
    }
}
