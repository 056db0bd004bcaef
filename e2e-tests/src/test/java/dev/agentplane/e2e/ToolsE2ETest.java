package dev.agentplane.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Server-side tools through the gateway: an agent's calculator call in a run (the simulator asks for it), toolkit
 * methods run directly, http_request against a test server on 127.0.0.2 (the suite's platform allows only
 * 127.0.0.2/32, bin/test) and its refusal of every other loopback spelling, web_search without a provider.
 */
class ToolsE2ETest {
    private static HttpServer server;
    private static final AtomicInteger ORDERS = new AtomicInteger();
    private static final AtomicInteger SECRET = new AtomicInteger();

    @BeforeAll
    static void startToolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/orders", exchange -> {
            ORDERS.incrementAndGet();
            byte[] body = "{\"order\": \"o-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/to-loopback", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/secret");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/secret", exchange -> {
            SECRET.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopToolServer() {
        server.stop(0);
    }

    private static String agentWith(Platform.Workspace ws, String... tools) {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", id, "name", "Tools " + id,
                        "system_prompt", "Use your tools.", "tools", List.of(tools),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    @Test
    void anAgentCallsTheCalculatorInARun() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agentWith(ws, "calculator");
        ws.given().contentType("application/json")
                .body(Map.of("message", "What is (2+3)*4? [sim:tool=calculator] [sim:args={\"expression\":\"(2+3)*4\"}]"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", containsString("\"result\":20"));
    }

    @Test
    void toolkitMethodsRunDirectlyAndOnlyForTheirWorkspace() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agentWith(ws, "calculator", "current_time", "web_search");
        ws.given().contentType("application/json").body("{\"expression\": \"(2+3)*4\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/calculator").then().statusCode(200)
                .body("status", is("success"), "result.result", is(20), "run_id", startsWith("tkr_"));
        ws.given().contentType("application/json").body("{\"timezone\": \"Asia/Tokyo\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/current_time").then().statusCode(200)
                .body("status", is("success"), "result.utc_offset", is("+09:00"));
        // the suite's platform has no search provider: a clear tool error, not a failure
        ws.given().contentType("application/json").body("{\"query\": \"agentplane\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/web_search").then().statusCode(200)
                .body("status", is("error"), "message", containsString("no search provider is configured"));
        ws.given().contentType("application/json").body("{\"url\": \"http://127.0.0.2/\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request").then().statusCode(403)
                .body("code", is("TOOL_NOT_ALLOWED"));
        Platform.newWorkspace().given().contentType("application/json").body("{\"expression\": \"1+1\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/calculator").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
    }

    @Test
    void httpRequestReachesAnAllowedServerAndRefusesLoopback() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agentWith(ws, "http_request");
        int port = server.getAddress().getPort();
        int before = ORDERS.get();
        ws.given().contentType("application/json")
                .body(Map.of("url", "http://127.0.0.2:" + port + "/orders", "method", "POST", "body", "{}"))
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request").then().statusCode(200)
                .body("status", is("success"), "result.status", is(201), "result.body", containsString("o-1"));
        assertEquals(before + 1, ORDERS.get());

        for (String host : List.of("127.0.0.1", "[::1]", "2130706433", "0x7f.1", "localhost")) {
            ws.given().contentType("application/json").body(Map.of("url", "http://" + host + ":" + port + "/secret"))
                    .when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request").then().statusCode(200)
                    .body("status", is("error"), "message", startsWith("Refused"));
        }
        ws.given().contentType("application/json").body(Map.of("url", "http://127.0.0.2:" + port + "/to-loopback"))
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request").then().statusCode(200)
                .body("status", is("error"), "message", startsWith("Refused a redirect"));
        assertEquals(0, SECRET.get(), "nothing reached the disallowed address");
    }
}
