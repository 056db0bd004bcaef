package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** POST /v1/agents/validate: each rule on its own, every problem with a JSON pointer, nothing saved. */
@QuarkusTest
class AgentValidationTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private static final String NODES = """
            "agents": [
              {"name": "writer", "system_prompt": "Write about {{ variables.topic }}."},
              {"name": "reviewer", "system_prompt": "Review {{ writer.output }}.",
               "structured_output": {"enabled": true, "schema": {"approved": {"type": "bool"}}}},
              {"name": "publisher", "system_prompt": "Publish."}
            ]""";

    private ValidatableResponse validate(String json) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(json)
                .when().post("/v1/agents/validate").then().statusCode(200);
    }

    private ValidatableResponse workflow(String edges, String entry) {
        return validate("{\"name\": \"wf\", \"system_config\": {" + NODES + ", \"edges\": [" + edges + "]"
                + (entry == null ? "" : ", \"entry_point\": \"" + entry + "\"") + "}}");
    }

    private static final String GOOD_EDGES = """
            {"from": "writer", "to": "reviewer"},
            {"from": "reviewer", "condition": "{{reviewer.output.approved}}", "condition_type": "boolean",
             "routing": {"yes": "publisher", "no": "__end__"}},
            {"from": "publisher", "to": "__end__"}""";

    private static void only(ValidatableResponse r, String pointer, String code) {
        r.body("valid", is(false), "errors", hasSize(1), "errors[0].pointer", is(pointer), "errors[0].code", is(code),
                "errors[0].message", not(emptyOrNullString()));
    }

    @Test
    void aGoodWorkflowIsValidAndNothingIsSaved() {
        workflow(GOOD_EDGES, "writer").body("valid", is(true), "errors", empty());
        given().auth().oauth2(ws.token()).when().get("/v1/agents").then().body("pagination.total", is(0));
    }

    @Test
    void waitingNodesAndToolsAboveTheMaturityLevel() {
        validate("""
                {"name": "wf", "maturity_level": "student", "tools": ["send_email"], "system_config": {"entry_point": "gate",
                 "agents": [{"name": "gate", "agent_type": "human_gate",
                             "structured_output": {"enabled": true, "schema": {"approved": {"type": "bool"}}}},
                            {"name": "paid", "agent_type": "external_event", "event": "payment.completed"}],
                 "edges": [{"from": "gate", "condition": "{{gate.output.approved}}", "condition_type": "boolean",
                            "routing": {"yes": "paid", "no": "__end__"}}, {"from": "paid", "to": "__end__"}]}}""")
                .body("valid", is(true), "warnings", hasSize(1), "warnings[0].pointer", is("/tools/0"),
                        "warnings[0].code", is("TOOL_ABOVE_MATURITY"), "warnings[0].message", containsString("approval"));
        only(validate("{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\", "
                + "\"agent_type\": \"external_event\"}], \"entry_point\": \"a\"}}"), "/system_config/agents/0/event", "REQUIRED");
        only(validate("{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\", "
                + "\"agent_type\": \"robot\"}], \"entry_point\": \"a\"}}"), "/system_config/agents/0/agent_type", "INVALID_VALUE");
    }

    @Test
    void duplicateAndReservedNodeNames() {
        only(validate("{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\"}, {\"name\": \"a\"}],"
                + " \"entry_point\": \"a\"}}"), "/system_config/agents/1/name", "DUPLICATE_NODE");
        only(validate("{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\"}, {\"name\": \"__end__\"}],"
                + " \"entry_point\": \"a\", \"edges\": [{\"from\": \"a\", \"to\": \"__end__\"}]}}"),
                "/system_config/agents/1/name", "RESERVED_NAME");
    }

    @Test
    void edgesToUnknownNodes() {
        only(workflow(GOOD_EDGES + ", {\"from\": \"ghost\", \"to\": \"writer\"}", "writer"),
                "/system_config/edges/3/from", "UNKNOWN_NODE");
        only(workflow(GOOD_EDGES.replace("\"to\": \"reviewer\"", "\"to\": \"reviewr\"")
                + ", {\"from\": \"writer\", \"to\": \"reviewer\"}", "writer"), "/system_config/edges/0/to", "UNKNOWN_NODE");
        only(workflow(GOOD_EDGES.replace("\"yes\": \"publisher\"", "\"yes\": \"pub\"")
                + ", {\"from\": \"writer\", \"to\": \"publisher\"}", "writer"),
                "/system_config/edges/1/routing/yes", "UNKNOWN_NODE");
    }

    @Test
    void missingOrUnknownEntryPoint() {
        only(workflow(GOOD_EDGES, null), "/system_config/entry_point", "MISSING_ENTRY_POINT");
        only(workflow(GOOD_EDGES, "editor"), "/system_config/entry_point", "UNKNOWN_NODE");
        workflow("{\"from\": \"__start__\", \"to\": \"writer\"}, " + GOOD_EDGES, null).body("valid", is(true));
    }

    @Test
    void nullNodesAndEdgesAreReportedNotCrashedOn() {
        Api.create(ws, "{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\"}, null],"
                + " \"edges\": [null], \"entry_point\": \"a\"}}").statusCode(400)
                .body("errors.field", containsInAnyOrder("/system_config/agents/1", "/system_config/edges/0"));
    }

    @Test
    void unreachableNodes() {
        only(workflow("{\"from\": \"writer\", \"to\": \"reviewer\"}, {\"from\": \"reviewer\", \"to\": \"__end__\"}",
                "writer"), "/system_config/agents/2", "UNREACHABLE_NODE");
    }

    @Test
    void conditionsMustReadAStructuredOutputField() {
        only(workflow(GOOD_EDGES.replace("{{reviewer.output.approved}}", "{{writer.output.approved}}"), "writer"),
                "/system_config/edges/1/condition", "NO_STRUCTURED_OUTPUT");
        only(workflow(GOOD_EDGES.replace("{{reviewer.output.approved}}", "{{reviewer.output.score}}"), "writer"),
                "/system_config/edges/1/condition", "UNKNOWN_FIELD");
        only(workflow(GOOD_EDGES.replace("{{reviewer.output.approved}}", "{{critic.output.approved}}"), "writer"),
                "/system_config/edges/1/condition", "UNKNOWN_NODE");
        only(workflow(GOOD_EDGES.replace("{{reviewer.output.approved}}", "looks fine"), "writer"),
                "/system_config/edges/1/condition", "INVALID_CONDITION");
        only(workflow(GOOD_EDGES.replace("\"condition_type\": \"boolean\"", "\"condition_type\": \"llm\""), "writer"),
                "/system_config/edges/1/condition_type", "UNSUPPORTED_CONDITION_TYPE");
        only(workflow(GOOD_EDGES.replace(", \"no\": \"__end__\"", ""), "writer"),
                "/system_config/edges/1/routing/no", "REQUIRED");
    }

    @Test
    void unknownToolsModelsAndProviders() {
        only(validate("{\"name\": \"a\", \"tools\": [\"calculator\", \"teleport\"]}"), "/tools/1", "UNKNOWN_TOOL");
        // seed 001's saved agent names web_search; delete_records left the catalog (nothing runs it)
        validate("{\"name\": \"a\", \"tools\": [\"web_search\", \"send_email\", \"current_time\"]}")
                .body("valid", is(true));
        only(validate("{\"name\": \"a\", \"tools\": [\"delete_records\"]}"), "/tools/0", "UNKNOWN_TOOL");
        only(validate("{\"name\": \"a\", \"llm_config\": {\"model\": \"gpt-9\"}}"), "/llm_config/model", "UNKNOWN_MODEL");
        only(validate("{\"name\": \"a\", \"llm_config\": {\"provider\": \"acme\", \"model\": \"x\"}}"),
                "/llm_config/provider", "UNKNOWN_PROVIDER");
        only(validate("{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\", \"tools\": [\"nope\"]}],"
                + " \"entry_point\": \"a\"}}"), "/system_config/agents/0/tools/0", "UNKNOWN_TOOL");
    }

    @Test
    void mcpServers() {
        String ok = "{\"name\": \"calc\", \"url\": \"https://mcp.example.com/mcp\", \"headers\": {\"X-Api-Key\": \"k\"},"
                + " \"tools\": [\"add\"]}";
        validate(mcp(ok + ", {\"name\": \"docs-search\", \"url\": \"http://10.0.0.5:8080/mcp\"}")).body("valid", is(true));
        only(validate(mcp(ok + ", " + ok)), "/config/worker_config/mcp_servers/1/name", "DUPLICATE_VALUE");
        only(validate(mcp("{\"name\": \"a__b\", \"url\": \"https://x.example/mcp\"}")),
                "/config/worker_config/mcp_servers/0/name", "INVALID_VALUE");
        only(validate(mcp("{\"name\": \"builtin\", \"url\": \"https://x.example/mcp\"}")),
                "/config/worker_config/mcp_servers/0/name", "INVALID_VALUE");
        only(validate(mcp("{\"name\": \"a\", \"url\": \"file:///etc/passwd\"}")),
                "/config/worker_config/mcp_servers/0/url", "INVALID_VALUE");
        only(validate(mcp("{\"name\": \"a\", \"url\": \"https://user:pw@x.example/mcp\"}")),
                "/config/worker_config/mcp_servers/0/url", "INVALID_VALUE");
        only(validate(mcp("{\"name\": \"a\"}")), "/config/worker_config/mcp_servers/0/url", "REQUIRED");
        only(validate(mcp("{\"name\": \"a\", \"url\": \"https://x.example/mcp\", \"headers\": {\"Host\": \"evil\"}}")),
                "/config/worker_config/mcp_servers/0/headers/Host", "INVALID_VALUE");
        only(validate(mcp("{\"name\": \"a\", \"url\": \"https://x.example/mcp\", \"headers\": {\"X-A\": \"1\\r\\nX-B: 2\"}}")),
                "/config/worker_config/mcp_servers/0/headers/X-A", "INVALID_VALUE");
        only(validate("{\"name\": \"a\", \"config\": {\"worker_config\": {\"mcp_servers\": {}}}}"),
                "/config/worker_config/mcp_servers", "INVALID_TYPE");
    }

    @Test
    void httpTools() {
        String ok = "{\"name\": \"get_order\", \"description\": \"Reads an order\", \"method\": \"GET\","
                + " \"url\": \"https://shop.example.com/orders/{id}?v=2\", \"parameters\": {\"type\": \"object\","
                + " \"properties\": {\"id\": {\"type\": \"string\"}}}, \"headers\": {\"Authorization\":"
                + " \"Bearer {{secrets.SHOP_TOKEN}}\", \"X-Client\": \"agentplane\"}, \"risk_level\": \"medium\"}";
        validate(http(ok + ", {\"name\": \"ping\", \"description\": \"Ping\", \"url\": \"http://10.0.0.5/ping\"}"))
                .body("valid", is(true));
        only(validate(http(ok + ", " + ok)), "/config/worker_config/http_tools/1/name", "DUPLICATE_VALUE");
        only(validate(http(ok.replace("get_order", "calculator"))), "/config/worker_config/http_tools/0/name",
                "DUPLICATE_VALUE");
        only(validate(http(ok.replace("get_order", "get__order"))), "/config/worker_config/http_tools/0/name",
                "INVALID_VALUE");
        only(validate(http(ok.replace("https://shop.example.com", "https://{id}.example.com"))),
                "/config/worker_config/http_tools/0/url", "INVALID_VALUE");
        only(validate(http(ok.replace("{id}?", "{nope}?"))), "/config/worker_config/http_tools/0/url", "INVALID_VALUE");
        only(validate(http(ok.replace("https://shop", "https://u:p@shop"))), "/config/worker_config/http_tools/0/url",
                "INVALID_VALUE");
        only(validate(http(ok.replace("https://", "file://"))), "/config/worker_config/http_tools/0/url", "INVALID_VALUE");
        only(validate(http(ok.replace("{{secrets.SHOP_TOKEN}}", "{{variables.token}}"))),
                "/config/worker_config/http_tools/0/headers/Authorization", "INVALID_VALUE");
        only(validate(http(ok.replace("{{secrets.SHOP_TOKEN}}", "{{secrets.SHOP_TOKEN"))),
                "/config/worker_config/http_tools/0/headers/Authorization", "INVALID_VALUE");
        only(validate(http(ok.replace("X-Client", "Host"))), "/config/worker_config/http_tools/0/headers/Host",
                "INVALID_VALUE");
        only(validate(http(ok.replace("\"GET\"", "\"TRACE\""))), "/config/worker_config/http_tools/0/method",
                "INVALID_VALUE");
        only(validate(http(ok.replace("\"medium\"", "\"extreme\""))), "/config/worker_config/http_tools/0/risk_level",
                "INVALID_VALUE");
        only(validate(http(ok.replace("\"description\": \"Reads an order\", ", ""))),
                "/config/worker_config/http_tools/0/description", "REQUIRED");
        only(validate(mcp("{\"name\": \"http\", \"url\": \"https://x.example/mcp\"}")),
                "/config/worker_config/mcp_servers/0/name", "INVALID_VALUE");
    }

    private static String http(String tools) {
        return "{\"name\": \"a\", \"config\": {\"worker_config\": {\"http_tools\": [" + tools + "]}}}";
    }

    private static String mcp(String servers) {
        return "{\"name\": \"a\", \"config\": {\"worker_config\": {\"mcp_servers\": [" + servers + "]}}}";
    }

    @Test
    void outOfRangeTemperatureAndSteps() {
        only(validate("{\"name\": \"a\", \"llm_config\": {\"temperature\": 2.5}}"), "/llm_config/temperature",
                "INVALID_VALUE");
        only(validate("{\"name\": \"a\", \"llm_config\": {\"max_tokens\": 0}}"), "/llm_config/max_tokens",
                "INVALID_VALUE");
        only(validate("{\"name\": \"a\", \"config\": {\"reasoning_max_steps\": 500}}"), "/config/reasoning_max_steps",
                "INVALID_VALUE");
        only(validate("{\"name\": \"a\", \"config\": {\"reasoning_min_steps\": 9, \"reasoning_max_steps\": 3}}"),
                "/config/reasoning_min_steps", "INVALID_RANGE");
    }

    @Test
    void placeholdersNeedASource() {
        only(validate("{\"name\": \"a\", \"template\": \"Hi {{ user.name }}\"}"), "/system_prompt", "UNKNOWN_PLACEHOLDER");
        only(validate("{\"name\": \"a\", \"template\": \"Hi {{ variables }}\"}"), "/system_prompt", "UNKNOWN_PLACEHOLDER");
        validate("{\"name\": \"a\", \"template\": \"Hi {{ variables.name }} and {{variables.x_1}}\"}")
                .body("valid", is(true));
    }

    @Test
    void structuredOutputSchemasAreTyped() {
        only(validate("{\"name\": \"a\", \"structured_output\": {\"enabled\": true, \"schema\": {\"n\": {\"type\": \"decimal\"}}}}"),
                "/structured_output/schema/n/type", "INVALID_SCHEMA");
        only(validate("{\"name\": \"a\", \"structured_output\": {\"enabled\": true}}"), "/structured_output/schema",
                "REQUIRED");
    }

    @Test
    void everyProblemIsReportedAtOnceAndCreateRefusesThem() {
        String bad = "{\"name\": \"wf\", \"llm_config\": {\"temperature\": 3}, \"tools\": [\"nope\"],"
                + " \"system_config\": {\"agents\": [{\"name\": \"a\"}, {\"name\": \"a\"}], \"entry_point\": \"zz\"}}";
        validate(bad).body("valid", is(false), "errors.pointer", containsInAnyOrder("/llm_config/temperature",
                "/tools/0", "/system_config/agents/1/name", "/system_config/entry_point"));
        Api.create(ws, bad).statusCode(400).body("code", is("INVALID_INPUT"), "errors", hasSize(4),
                "issues.code", hasItems("UNKNOWN_TOOL", "DUPLICATE_NODE", "UNKNOWN_NODE"));
        validate("{\"name\": \"a\", \"tools\": \"calculator\"}").body("valid", is(false),
                "errors[0].pointer", is("/tools"), "errors[0].code", is("INVALID_TYPE"));
    }

    @Test
    void theInternalValidateAnswersTheSame() {
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body("{\"name\": \"a\", \"tools\": [\"teleport\"]}").when().post("/internal/agents/validate")
                .then().statusCode(200).body("valid", is(false), "errors[0].pointer", is("/tools/0"));
        given().auth().oauth2(ws.serviceToken()).contentType("application/yaml").body(Api.yaml(AgentYamlTest.seedYaml()))
                .when().post("/internal/agents/validate").then().statusCode(200).body("valid", is(true));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/internal/agents/validate").then().statusCode(403);
    }
}
