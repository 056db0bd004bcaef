package dev.agentplane.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.engine.Checkpoints;
import dev.agentplane.execution.engine.RunPlan;
import dev.agentplane.execution.engine.RunState;
import dev.agentplane.execution.engine.Turn;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.intake.UserInput;
import dev.agentplane.execution.llm.ModelSpec;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.TestTools;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The run engine: the agent loop with tools, workflows and their routing, the step limit, max_cost, reasoning. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class EngineTest {
    @Inject
    Fakes fakes;
    @Inject
    TestTools testTools;
    @Inject
    ObjectMapper mapper;
    @Inject
    EntityManager em;
    @Inject
    Checkpoints checkpoints;
    @Inject
    RedisDataSource redis;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void toolCallsOfOneTurnRunTogetherAndTheirResultsGoBackToTheModel() {
        String marker = Fakes.marker();
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("test_echo"));
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("test_echo", "{\"text\":\"one\",\"barrier\":\"" + marker + "\"}");
        fakes.llmTools(marker, calls, "The tool said one", 10, 4);
        // a second call of the same turn: the simulated model asks for test_echo twice under different ids
        fakes.llmToolsTwice(marker, "test_echo", "{\"text\":\"one\",\"barrier\":\"" + marker + "\"}",
                "{\"text\":\"two\",\"barrier\":\"" + marker + "\"}");

        JsonPath run = execute(agent, Map.of("message", "use the tool " + marker)).statusCode(200)
                .body("status", is("completed"), "output.text", is("The tool said one"),
                        "usage.input_tokens", is(20), "usage.output_tokens", is(8),
                        "steps.type", contains("model_call", "tool_call", "tool_call", "model_call"),
                        "steps.error", hasItems(false),
                        "messages.role", contains("assistant", "tool", "tool", "assistant"),
                        "messages[0].tool_calls.name", contains("test_echo", "test_echo"),
                        "messages[1].content", is("{\"echo\":\"one\"}"), "messages[2].content", is("{\"echo\":\"two\"}"))
                .extract().jsonPath();
        JsonPath answered = fakes.llmRequests(marker).stream().map(r -> new JsonPath(r.getBodyAsString()))
                .filter(b -> b.getList("messages.role").contains("tool")).findFirst().orElseThrow();
        assertEquals(List.of("call_0", "call_1"), answered.getList("messages.findAll { it.role == 'tool' }.tool_call_id"));
        assertEquals(List.of("test_echo"), answered.getList("tools.function.name"), "the tool is offered");
        assertEquals(2, testTools.calls().stream().filter(c -> c.startsWith(run.getString("execution_id"))).count());
    }

    @Test
    void anAgentWithKnowledgeBasesSearchesThemThroughTheKnowledgeService() {
        String marker = Fakes.marker();
        String agent = fakes.agent(ws, a -> a.putArray("knowledge_bases").add("kb_docs").addObject().put("id", "kb_faq"));
        fakes.wm().register(WireMock.post(WireMock.urlPathEqualTo("/internal/knowledge-bases/search"))
                .withHeader("Authorization", WireMock.equalTo(fakes.bearerOf(ws)))
                .withRequestBody(WireMock.matchingJsonPath("$.knowledge_base_ids[1]", WireMock.equalTo("kb_faq")))
                .withRequestBody(WireMock.matchingJsonPath("$.query", WireMock.equalTo("refund policy")))
                .willReturn(WireMock.okJson("{\"items\":[{\"text\":\"Refunds within 30 days.\",\"score\":0.82,"
                        + "\"knowledge_base_id\":\"kb_faq\",\"document\":{\"id\":\"d1\",\"title\":\"faq.pdf\"},"
                        + "\"page\":3,\"heading\":\"Returns\"}]}")));
        fakes.llmTools(marker, Map.of("knowledge_base_search", "{\"query\":\"refund policy\"}"), "30 days", 10, 4);

        execute(agent, Map.of("message", "What is the refund policy? " + marker)).statusCode(200)
                .body("status", is("completed"), "output.text", is("30 days"),
                        "messages[1].content", containsString("Refunds within 30 days."), "steps[1].error", is(false),
                        // what a model needs to cite the passage
                        "messages[1].content", containsString("\"source\":\"faq.pdf, page 3\""),
                        "messages[1].content", containsString("\"document_id\":\"d1\""));
        JsonPath offered = new JsonPath(fakes.llmRequests(marker).get(0).getBodyAsString());
        assertEquals(List.of("knowledge_base_search"), offered.getList("tools.function.name"),
                "offered without being listed: the agent has knowledge bases");
    }

    @Test
    void contentReviewWorkflowRoutesOnTheReviewersStructuredOutput() {
        Workflow approved = workflow(true, 25);
        execute(approved.agent, Map.of("message", "Write about AI safety")).statusCode(200)
                .body("status", is("completed"), "path", contains("writer", "reviewer", "publisher"),
                        "output.text", is("Published post"),
                        "messages.node", contains("writer", "reviewer", "publisher"),
                        "usage.output_tokens", is(9));
        JsonPath reviewerCall = new JsonPath(fakes.llmRequests(approved.reviewer).get(0).getBodyAsString());
        // the short field type bool reaches the provider as a JSON Schema boolean, and the reviewer sees the draft
        assertEquals("boolean", reviewerCall.getString("response_format.json_schema.schema.properties.approved.type"));
        assertTrue(reviewerCall.getList("messages.content").contains("[writer] A draft about AI"), reviewerCall.prettify());
        assertTrue(fakes.llmRequests(approved.publisher).get(0).getBodyAsString().contains("Publish: A draft about AI"));

        Workflow rejected = workflow(false, 25);
        execute(rejected.agent, Map.of("message", "Write about AI safety")).statusCode(200)
                .body("status", is("completed"), "path", contains("writer", "reviewer"),
                        "output.parsed_output.approved", is(false));
        assertEquals(0, fakes.llmRequests(rejected.publisher).size());
    }

    @Test
    void workflowEventsNameEachNodeOnTheStream() {
        Workflow approved = workflow(true, 25, false, true);
        List<Sse.Event> events = Sse.parse(given().auth().oauth2(ws.token()).contentType("application/json")
                .accept("text/event-stream").body(Map.of("message", "Write"))
                .when().post("/v1/agents/" + approved.agent + "/execute/stream").then().statusCode(200)
                .extract().asString());
        List<String> nodeEvents = events.stream().filter(e -> e.type().startsWith("node_"))
                .map(e -> e.type() + ":" + e.data().getString("node")).toList();
        assertEquals(List.of("node_start:writer", "node_complete:writer", "node_start:reviewer",
                "node_complete:reviewer", "node_start:publisher", "node_complete:publisher"), nodeEvents);
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("final", last.type());
        assertEquals("publisher", last.data().getString("path[2]"));
    }

    @Test
    void aCycleStopsAtTheStepLimitKeepingWhatItProducedAndChargingIt() {
        Workflow cycle = workflow(false, 5, true);
        String id = execute(cycle.agent, Map.of("message", "Loop")).statusCode(422)
                .body("code", is("STEP_LIMIT_EXCEEDED"), "output.text", is("A draft about AI"), "cost", is(15))
                .extract().path("execution_id");
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("failed"), "error.code", is("STEP_LIMIT_EXCEEDED"),
                        "path", contains("writer", "reviewer", "writer", "reviewer", "writer"),
                        "steps.type", everyItem(is("model_call")), "steps", hasSize(5),
                        "output.text", is("A draft about AI"), "cost", is(15), "usage.output_tokens", is(15));
    }

    @Test
    void maxCostStopsTheRunBeforeACallThatCouldPassIt() {
        Workflow approved = workflow(true, 25);
        // price = output tokens, max_tokens 100: the writer's call can cost 100, the reviewer's 103 more in all
        String id = execute(approved.agent, Map.of("message", "Write", "max_cost", 102)).statusCode(422)
                .body("code", is("BUDGET_EXCEEDED"), "output.text", is("A draft about AI"), "cost", is(3))
                .extract().path("execution_id");
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("failed"), "path", contains("writer"), "cost", lessThanOrEqualTo(102));
        assertEquals(0, fakes.llmRequests(approved.reviewer).size());

        execute(approved.agent, Map.of("message", "Write", "max_cost", -1)).statusCode(400);
    }

    @Test
    void aRunNeedingMoreThanItsHoldTopsItUpOrStopsCleanly() {
        // every call uses all of its 100 max tokens: the hold of the loop's one expected call runs out at once
        String loop = loop(5, 100);
        fakes.wm().register(WireMock.post(WireMock.urlPathMatching("/internal/credits/reservations/.*/extend")).atPriority(1)
                .withHeader("Authorization", WireMock.equalTo(fakes.bearerOf(ws)))
                .willReturn(WireMock.okJson("{\"reserved\":100000,\"available\":900000}")));
        String id = execute(loop, Map.of("message", "Go")).statusCode(422).body("code", is("STEP_LIMIT_EXCEEDED"), "cost", is(500))
                .extract().path("execution_id");
        // held for the one call a one-node graph is expected to make; grown by two calls' worth before the second
        assertEquals(1, fakes.requests(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/internal/credits/reservations/" + id + "/extend"))
                .withRequestBody(WireMock.matchingJsonPath("$.amount", WireMock.equalTo("200")))).size());

        TestTokens.Workspace poor = TestTokens.newWorkspace();
        String other = loopOf(poor, 5, 100);
        fakes.wm().register(WireMock.post(WireMock.urlPathMatching("/internal/credits/reservations/.*/extend")).atPriority(1)
                .withHeader("Authorization", WireMock.equalTo(fakes.bearerOf(poor)))
                .willReturn(WireMockResource.problem(402, "INSUFFICIENT_CREDITS")));
        given().auth().oauth2(poor.token()).contentType("application/json").body(Map.of("message", "Go"))
                .when().post("/v1/agents/" + other + "/execute").then().statusCode(402)
                .body("code", is("INSUFFICIENT_CREDITS"), "cost", is(100), "output.text", is("Round and round"));
    }

    private String loop(int maxSteps, int tokens) {
        return loopOf(ws, maxSteps, tokens);
    }

    /** One node whose edge leads back to itself: it runs until the step limit. */
    private String loopOf(TestTokens.Workspace in, int maxSteps, int tokens) {
        String marker = Fakes.marker();
        fakes.llm(marker, "Round and round", 5, tokens);
        return fakes.agent(in, a -> {
            ((ObjectNode) a.get("config")).put("max_steps", maxSteps);
            ObjectNode sc = a.putObject("system_config").put("name", "Loop").put("entry_point", "loop");
            sc.putArray("agents").addObject().put("name", "loop").put("system_prompt", "Again. " + marker);
            ArrayNode edges = sc.putArray("edges");
            edges.addObject().put("from", "__start__").put("to", "loop");
            edges.addObject().put("from", "loop").put("to", "loop");
        });
    }

    @Test
    void reasoningStepsComeBeforeTheAnswerWithinTheirBounds() {
        String marker = Fakes.marker();
        String agent = fakes.agent(ws, a -> ((ObjectNode) a.get("config")).put("enable_reasoning", true)
                .put("reasoning_min_steps", 2).put("reasoning_max_steps", 3));
        fakes.llm(marker, "Thinking it over", 5, 2);
        List<Sse.Event> events = Sse.parse(given().auth().oauth2(ws.token()).contentType("application/json")
                .accept("text/event-stream").body(Map.of("message", "Think " + marker))
                .when().post("/v1/agents/" + agent + "/execute/stream").then().statusCode(200)
                .extract().asString());
        List<Sse.Event> reasoning = events.stream().filter(e -> e.type().equals("reasoning")).toList();
        assertEquals(3, reasoning.size(), "never DONE: the phase runs to reasoning_max_steps");
        assertEquals(List.of(1, 2, 3), reasoning.stream().map(e -> e.data().getInt("step")).toList());
        assertEquals(4, fakes.llmRequests(marker).size());
        assertTrue(fakes.llmRequests(marker).get(3).getBodyAsString().contains("Your reasoning:"));
    }

    @Test
    void aRunWhoseReplicaStoppedBetweenNodesIsResumedFromItsCheckpointWithoutRepeatingTheFirstNode() throws Exception {
        Workflow approved = workflow(true, 25);
        AgentDefinition definition = mapper.convertValue(fakes.definition(approved.agent), AgentDefinition.class);
        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        String gone = "gone-" + UUID.randomUUID();
        String rowId = UUID.randomUUID().toString();
        // what the stopped replica left: its plan, the state after the writer's answer, and its first events
        Caller caller = new Caller("test-user", ws.tenantId(), ws.workspaceId(), Set.of(), "team", Set.of(), null);
        Credits.Hold hold = new Credits.Hold(300, 999_000, new Credits.Price(0, 0, 1));
        checkpoints.start(new RunPlan(rowId, caller, definition, null, null, new UserInput("Write", List.of(), List.of()),
                new ModelSpec("openai", "sim-1", 0.2, 100), 10, "async", null, null, hold, Map.of(), null, List.of(), null,
                null));
        RunState state = new RunState();
        state.node = "reviewer";
        state.hold = hold;
        state.turns.add(new Turn("user", null, "Write", null, null, null, null, false));
        state.turns.add(new Turn("assistant", "writer", "A draft about AI", null, null, null, null, false));
        state.outputs.put("writer", new RunState.NodeOutput("A draft about AI", null));
        state.path.add("writer");
        state.modelCalls = 1;
        state.inputTokens = 4;
        state.outputTokens = 3;
        checkpoints.save(rowId, state);
        var stream = redis.stream(String.class, String.class, String.class);
        stream.xadd("exec:stream:" + rowId, new XAddArgs().id("1-0"), Map.of("type", "start", "json", "{\"seq\":1,\"type\":\"start\"}"));
        stream.xadd("exec:stream:" + rowId, new XAddArgs().id("2-0"), Map.of("type", "node_start", "json", "{\"seq\":2,\"type\":\"node_start\"}"));

        // the row last: a sweep finds the run only once everything its replica left is there
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into execution_runner (id, heartbeat_at) values (?1, ?2)")
                .setParameter(1, gone).setParameter(2, Timestamp.from(fiveMinutesAgo)).executeUpdate());
        ExecutionEntity row = new ExecutionEntity();
        row.id = rowId;
        row.workspaceId = ws.workspaceId();
        row.tenantId = ws.tenantId();
        row.agentId = approved.agent;
        row.agentVersion = 3;
        row.status = "in_progress";
        row.mode = "async";
        row.model = "sim-1";
        row.runner = gone;
        row.createdAt = fiveMinutesAgo;
        row.startedAt = fiveMinutesAgo;
        QuarkusTransaction.requiringNew().run(() -> em.persist(row));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(ws.token()).when().get("/v1/executions/" + row.id).then().statusCode(200)
                        .body("status", is("completed"), "path", contains("writer", "reviewer", "publisher"),
                                "output.text", is("Published post"), "usage.output_tokens", is(9), "cost", is(9)));
        assertEquals(0, fakes.llmRequests(approved.writer).size(), "the writer's model call is not made again");
        assertEquals(1, fakes.llmRequests(approved.reviewer).size());
        assertEquals(1, fakes.llmRequests(approved.publisher).size());
        List<Sse.Event> replay = Sse.parse(given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + row.id + "/events").then().statusCode(200).extract().asString());
        List<String> ids = replay.stream().map(Sse.Event::id).toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, ids.size()).mapToObj(String::valueOf).toList(), ids,
                "every event once, in order, across the takeover");
        assertEquals("final", replay.get(replay.size() - 1).type());
        assertTrue(checkpoints.load(row.id).isEmpty(), "the checkpoint goes with the run's end");
    }

    private io.restassured.response.ValidatableResponse execute(String agent, Map<String, Object> body) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                .when().post("/v1/agents/" + agent + "/execute").then();
    }

    record Workflow(String agent, String writer, String reviewer, String publisher) {
    }

    private Workflow workflow(boolean approve, int maxSteps) {
        return workflow(approve, maxSteps, false, false);
    }

    private Workflow workflow(boolean approve, int maxSteps, boolean cycle) {
        return workflow(approve, maxSteps, cycle, false);
    }

    /** Seed 001's content review system; {@code cycle}: a rejected draft goes back to the writer. */
    private Workflow workflow(boolean approve, int maxSteps, boolean cycle, boolean streamed) {
        String writer = Fakes.marker();
        String reviewer = Fakes.marker();
        String publisher = Fakes.marker();
        fakes.llm(writer, "A draft about AI", 4, 3);
        fakes.llm(reviewer, "{\"approved\":" + approve + "}", 6, 3);
        fakes.llm(publisher, "Published post", 8, 3);
        if (streamed) {
            fakes.llmStream(writer, List.of("A draft", " about AI"), 4, 3, 0);
            fakes.llmStream(reviewer, List.of("{\"approved\":" + approve + "}"), 6, 3, 0);
            fakes.llmStream(publisher, List.of("Published", " post"), 8, 3, 0);
        }
        String agent = fakes.agent(ws, a -> {
            ((ObjectNode) a.get("config")).put("max_steps", maxSteps);
            ObjectNode sc = a.putObject("system_config").put("name", "Content Review System")
                    .put("architecture", "workflow").put("entry_point", "writer");
            ArrayNode nodes = sc.putArray("agents");
            nodes.addObject().put("name", "writer").put("agent_type", "llm_agent")
                    .put("system_prompt", "Write blog posts on given topics. " + writer);
            ObjectNode review = nodes.addObject().put("name", "reviewer").put("agent_type", "llm_agent")
                    .put("system_prompt", "Review content for quality and accuracy. " + reviewer);
            review.putObject("structured_output").put("enabled", true).putObject("schema").putObject("approved")
                    .put("type", "bool").put("description", "Whether content is approved");
            nodes.addObject().put("name", "publisher").put("agent_type", "llm_agent")
                    .put("system_prompt", "Publish: {{writer.output}} " + publisher);
            ArrayNode edges = sc.putArray("edges");
            edges.addObject().put("from", "__start__").put("to", "writer");
            edges.addObject().put("from", "writer").put("to", "reviewer");
            ObjectNode conditional = edges.addObject().put("from", "reviewer")
                    .put("condition", "Is content approved? {{reviewer.output.approved}}").put("condition_type", "boolean");
            conditional.putObject("routing").put("yes", "publisher").put("no", cycle ? "writer" : "__end__");
            edges.addObject().put("from", "publisher").put("to", "__end__");
        });
        return new Workflow(agent, writer, reviewer, publisher);
    }
}
