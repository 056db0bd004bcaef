package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The run engine through the gateway: seed 001's content review workflow saved from its own YAML, through
 * sync, stream, async and batch; a cycle against the step limit; reasoning; max_cost. The simulator is
 * scripted by markers in each node's instructions.
 */
class WorkflowE2ETest {

    /** Seed 001's YAML as its users save it (yes/no keys included), each node's instructions scripting the simulator. */
    private static String contentReview(boolean approve, String rejectedTo, Integer maxSteps) {
        String id = "e2e-review-" + UUID.randomUUID().toString().substring(0, 8);
        return "id: " + id + "\n"
                + "name: \"Content Review System\"\n"
                + "architecture: \"workflow\"\n"
                + (maxSteps == null ? "" : "config:\n  max_steps: " + maxSteps + "\n")
                + "llm_config:\n  provider: openai\n  model: sim-1\n  max_tokens: 200\n"
                + "agents:\n"
                + "  - name: \"writer\"\n    agent_type: \"llm_agent\"\n"
                + "    system_prompt: \"Write blog posts on given topics.\"\n"
                + "  - name: \"reviewer\"\n    agent_type: \"llm_agent\"\n"
                + "    system_prompt: \"Review content for quality and accuracy. [sim:json={\\\"approved\\\":" + approve + "}]\"\n"
                + "    structured_output:\n      enabled: true\n      schema:\n        approved:\n"
                + "          type: \"bool\"\n          description: \"Whether content is approved\"\n"
                + "  - name: \"publisher\"\n    agent_type: \"llm_agent\"\n"
                + "    system_prompt: \"Format and publish approved content. [sim:reply=Published]\"\n"
                + "edges:\n"
                + "  - from: \"__start__\"\n    to: \"writer\"\n"
                + "  - from: \"writer\"\n    to: \"reviewer\"\n"
                + "  - from: \"reviewer\"\n    condition: \"Is content approved? {{reviewer.output.approved}}\"\n"
                + "    condition_type: \"boolean\"\n    routing:\n      yes: \"publisher\"\n      no: \"" + rejectedTo + "\"\n"
                + "  - from: \"publisher\"\n    to: \"__end__\"\n"
                + "entry_point: \"writer\"\n";
    }

    private static String save(Platform.Workspace ws, String yaml) {
        return ws.given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/v1/agents")
                .then().statusCode(201).extract().path("id");
    }

    private static Response execute(Platform.Workspace ws, String path, Object body) {
        return ws.given().contentType("application/json").body(body).when().post(path);
    }

    @Test
    void approvedContentGoesWriterReviewerPublisherAndRejectedEndsAfterTheReviewer() {
        Platform.Workspace ws = Platform.newWorkspace();
        String approved = save(ws, contentReview(true, "__end__", null));
        execute(ws, "/v1/agents/" + approved + "/execute", Map.of("message", "Write a blog post about AI safety"))
                .then().statusCode(200)
                .body("status", is("completed"), "path", contains("writer", "reviewer", "publisher"),
                        "output.text", is("Published"), "messages.node", contains("writer", "reviewer", "publisher"),
                        "steps.type", contains("model_call", "model_call", "model_call"), "cost", greaterThan(0));

        String rejected = save(ws, contentReview(false, "__end__", null));
        execute(ws, "/v1/agents/" + rejected + "/execute", Map.of("message", "Write a blog post about AI safety"))
                .then().statusCode(200)
                .body("status", is("completed"), "path", contains("writer", "reviewer"),
                        "output.parsed_output.approved", is(false));
    }

    @Test
    void theWorkflowStreamsItsNodesAndRunsAsyncAndInBatches() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = save(ws, contentReview(true, "__end__", null));
        List<JsonNode> events = Sse.parse(ws.given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("message", "Write")).when().post("/v1/agents/" + agent + "/execute/stream")
                .then().statusCode(200).extract().asString());
        List<String> nodes = events.stream().filter(e -> e.path("type").asText().startsWith("node_"))
                .map(e -> e.path("type").asText() + ":" + e.path("node").asText()).toList();
        assertEquals(List.of("node_start:writer", "node_complete:writer", "node_start:reviewer", "node_complete:reviewer",
                "node_start:publisher", "node_complete:publisher"), nodes);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("final", last.path("type").asText());
        assertEquals(3, last.path("path").size());

        String id = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "Write", "mode", "async"))
                .then().statusCode(202).extract().path("execution_id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + id).then()
                .statusCode(200).body("status", is("completed"), "path", contains("writer", "reviewer", "publisher")));

        List<JsonNode> batch = Sse.parse(execute(ws, "/v1/agents/" + agent + "/execute/batch",
                Map.of("items", List.of(Map.of("key", "a", "message", "one"), Map.of("key", "b", "message", "two"))))
                .then().statusCode(200).extract().asString());
        JsonNode done = batch.get(batch.size() - 1);
        assertEquals("batch_completed", done.path("type").asText());
        assertEquals(2, done.path("succeeded").asInt());
        batch.stream().filter(e -> e.path("type").asText().equals("batch_progress"))
                .forEach(e -> assertEquals("Published", e.path("output").path("text").asText()));
    }

    @Test
    void aCycleStopsAtTheStepLimitAndIsChargedWhatItUsed() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = save(ws, contentReview(false, "writer", 5));
        Response stopped = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "Loop"));
        stopped.then().statusCode(422).contentType("application/problem+json")
                .body("code", is("STEP_LIMIT_EXCEEDED"), "output.text", not(emptyOrNullString()), "cost", greaterThan(0));
        String id = stopped.path("execution_id");
        long cost = ((Number) stopped.path("cost")).longValue();
        ws.given().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("failed"), "path", contains("writer", "reviewer", "writer", "reviewer", "writer"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> ws.given()
                .get("/v1/credits/ledger?execution_id=" + id + "&order=asc").then()
                .body("items.kind", hasItem("capture"), "items.find { it.kind == 'capture' }.amount", is((Object) Math.toIntExact(-cost))));
    }

    @Test
    void maxCostStopsTheRunBeforeItCouldPassIt() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = save(ws, contentReview(true, "__end__", null));
        // sim-1 costs 500 + 1 per input token + 4 per output token; max_tokens 200: the writer's call may cost
        // ~1,330, and with the reviewer's next to it the run could pass 1,360
        Response stopped = execute(ws, "/v1/agents/" + agent + "/execute",
                Map.of("message", "Write a blog post about AI safety", "max_cost", 1360));
        stopped.then().statusCode(422).body("code", is("BUDGET_EXCEEDED"), "cost", lessThanOrEqualTo(1360),
                "output.text", startsWith("Simulated answer"));
        ws.given().get("/v1/executions/" + stopped.path("execution_id")).then().body("path", contains("writer"));
    }

    @Test
    void reasoningStepsArriveAsEventsWithinTheirBounds() {
        Platform.Workspace ws = Platform.newWorkspace();
        String id = "e2e-think-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", id, "name", "Thinker", "system_prompt", "Think.",
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 50),
                        "config", Map.of("enable_reasoning", true, "reasoning_min_steps", 2, "reasoning_max_steps", 4)))
                .when().post("/v1/agents").then().statusCode(201);
        List<JsonNode> events = Sse.parse(ws.given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("message", "Why is the sky blue?")).when().post("/v1/agents/" + id + "/execute/stream")
                .then().statusCode(200).extract().asString());
        long reasoning = events.stream().filter(e -> e.path("type").asText().equals("reasoning")).count();
        assertTrue(reasoning >= 2 && reasoning <= 4, "reasoning steps: " + reasoning);
        assertEquals("final", events.get(events.size() - 1).path("type").asText());
    }
}
