package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.LogCapture;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Per-agent HTTP tools ({@code config.worker_config.http_tools}) with workspace secrets in their headers, against
 * WireMock on 127.0.0.1: the header reaches the server, and the secret's value is nowhere else — not in the answer,
 * the poll, the event stream (its replay), the steps, the ledger, the model's next request or the logs.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class HttpToolsTest {
    @Inject
    Fakes fakes;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "test.tools.http-port")
    int port;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void theModelCallsADeclaredToolWithTheSecretInItsHeaderAndNowhereElse() {
        String secret = "tok-" + UUID.randomUUID();
        secret(ws, "ORDERS_TOKEN", secret);
        String path = "/orders-" + UUID.randomUUID().toString().substring(0, 8);
        // a server that echoes the credential back: the answer masks it before anyone sees it
        ToolServersResource.http.stubFor(get(urlPathMatching(path + "/.*")).willReturn(okJson(
                "{\"order\": \"A 1\", \"echo\": \"Bearer " + secret + "\"}")));
        String agent = agentWith(tool("get_order", "GET", "http://127.0.0.1:" + port + path + "/{order_id}", t -> {
            t.putObject("headers").put("Authorization", "Bearer {{secrets.ORDERS_TOKEN}}").put("X-Client", "agentplane");
            t.putObject("parameters").put("type", "object").putObject("properties").putObject("order_id").put("type", "string");
        }));
        String marker = Fakes.marker();
        fakes.llmTools(marker, Map.of("get_order", "{\"order_id\": \"A 1/2\", \"expand\": \"items\"}"), "Found it.", 10, 4);

        String answer;
        try (LogCapture logs = new LogCapture()) {
            answer = given().auth().oauth2(ws.token()).contentType("application/json")
                    .body(Map.of("message", "find order A 1 " + marker)).when().post("/v1/agents/" + agent + "/execute")
                    .then().statusCode(200).body("status", is("completed"), "output.text", is("Found it."),
                            "messages[1].content", containsString("[secret ORDERS_TOKEN]")).extract().asString();
            assertTrue(logs.text().contains("HTTP tool get_order of agent " + agent), "the run's own lines are read");
            assertFalse(logs.text().contains(secret), "no log line carries the secret");
        }
        ToolServersResource.http.verify(1, getRequestedFor(urlEqualTo(path + "/A%201%2F2?expand=items"))
                .withHeader("Authorization", equalTo("Bearer " + secret)).withHeader("X-Client", equalTo("agentplane")));
        String execution = new JsonPath(answer).getString("execution_id");

        String poll = given().auth().oauth2(ws.token()).get("/v1/executions/" + execution).then().statusCode(200)
                .extract().asString();
        String steps = given().auth().oauth2(ws.token()).get("/v1/executions/" + execution + "/steps").then()
                .statusCode(200).body("steps[1].toolkit", is("http"), "steps[1].name", is("get_order"),
                        "steps[1].state", is("done"), "steps[1].result.status", is(200),
                        "steps[1].arguments.order_id", is("A 1/2")).extract().asString();
        String replay = given().auth().oauth2(ws.token()).get("/v1/executions/" + execution + "/events").then()
                .statusCode(200).extract().asString();
        assertTrue(replay.contains("\"type\":\"tool_result\"") && replay.contains("[secret ORDERS_TOKEN]"), replay);
        for (String shown : new String[]{answer, poll, steps, replay, ledgerRows(execution),
                fakes.llmRequests(marker).get(fakes.llmRequests(marker).size() - 1).getBodyAsString()}) {
            assertFalse(shown.contains(secret), shown);
        }
    }

    @Test
    void aMissingSecretIsAToolErrorNamingItAndNothingIsSent() {
        String path = "/nothing-" + UUID.randomUUID().toString().substring(0, 8);
        String agent = agentWith(tool("ping", "GET", "http://127.0.0.1:" + port + path,
                t -> t.putObject("headers").put("X-Key", "{{secrets.NOT_SET}}")));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/ping").then().statusCode(200)
                .body("status", is("error"), "toolkit", is("http"), "risk_level", is("low"),
                        "message", is("The secret 'NOT_SET' that the tool 'ping' sends is not set in this workspace"
                                + " (POST /v1/secrets)."));
        ToolServersResource.http.verify(0, anyRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void anotherWorkspacesSecretNeverResolves() {
        TestTokens.Workspace other = TestTokens.newWorkspace();
        secret(other, "SHARED_NAME", "other-workspace-value-123");
        String path = "/tenant-" + UUID.randomUUID().toString().substring(0, 8);
        String agent = agentWith(tool("ping", "GET", "http://127.0.0.1:" + port + path,
                t -> t.putObject("headers").put("X-Key", "{{secrets.SHARED_NAME}}")));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/ping").then().statusCode(200)
                .body("status", is("error"), "message", containsString("'SHARED_NAME'"));
        ToolServersResource.http.verify(0, anyRequestedFor(urlPathEqualTo(path)));
        given().auth().oauth2(other.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/ping").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
    }

    @Test
    void aPostToolSendsTheOtherArgumentsAsJsonAndIsNotIdempotent() {
        secret(ws, "HOOK_KEY", "hook-key-0123456789");
        String path = "/tickets-" + UUID.randomUUID().toString().substring(0, 8);
        ToolServersResource.http.stubFor(post(urlPathEqualTo(path + "/support")).willReturn(
                aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\": 7}")));
        ToolServersResource.http.stubFor(post(urlPathEqualTo(path + "/broken")).willReturn(aResponse().withStatus(500)));
        String agent = agentWith(tool("open_ticket", "POST", "http://127.0.0.1:" + port + path + "/{queue}",
                t -> t.putObject("headers").put("X-Hook", "{{ secrets.HOOK_KEY }}")));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"queue\": \"support\", \"title\": \"Printer\", \"tags\": [\"hw\"]}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/open_ticket").then().statusCode(200)
                .body("status", is("success"), "result.status", is(201), "result.body", is("{\"id\": 7}"),
                        "risk_level", is("medium"));
        ToolServersResource.http.verify(1, postRequestedFor(urlPathEqualTo(path + "/support"))
                .withHeader("X-Hook", equalTo("hook-key-0123456789")).withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"title\": \"Printer\", \"tags\": [\"hw\"]}")));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"queue\": \"broken\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/open_ticket").then().statusCode(200)
                .body("status", is("error"), "message", containsString("\"status\":500"));
    }

    @Test
    void theGuardAppliesAsForHttpRequest() {
        // 127.0.0.2 is loopback outside the tests' allowance (127.0.0.1/32): refused before any connection
        String agent = agentWith(tool("internal", "GET", "http://127.0.0.2:" + port + "/admin", t -> {
        }), tool("numeric", "GET", "http://2130706434:" + port + "/admin", t -> {
        }));
        for (String tool : new String[]{"internal", "numeric"}) {
            given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                    .when().post("/v1/agents/" + agent + "/toolkits/http/" + tool).then().statusCode(200)
                    .body("status", is("error"), "message", startsWith("Refused"));
        }
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/http/unknown").then().statusCode(404)
                .body("code", is("TOOL_NOT_FOUND"));
    }

    private void secret(TestTokens.Workspace owner, String name, String value) {
        given().auth().oauth2(owner.token()).contentType("application/json").body(Map.of("name", name, "value", value))
                .when().post("/v1/secrets").then().statusCode(201);
    }

    private static ObjectNode tool(String name, String method, String url, Consumer<ObjectNode> customize) {
        ObjectNode tool = Fakes.JSON.createObjectNode().put("name", name).put("description", "The " + name + " API")
                .put("method", method).put("url", url);
        customize.accept(tool);
        return tool;
    }

    private String agentWith(ObjectNode... tools) {
        return fakes.agent(ws, a -> {
            ArrayNode list = ((ObjectNode) a.get("config")).putObject("worker_config").putArray("http_tools");
            for (ObjectNode tool : tools) {
                list.add(tool);
            }
        });
    }

    @Transactional
    String ledgerRows(String execution) {
        return em.createNativeQuery("select string_agg(arguments || ' ' || coalesce(result, ''), '\n') from tool_call"
                + " where execution_id = ?1").setParameter(1, execution).getSingleResult().toString();
    }
}
