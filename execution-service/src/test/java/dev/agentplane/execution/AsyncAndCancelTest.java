package dev.agentplane.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.intake.WorkItem;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Async execute through Kafka with polling, and cancel of running and finished executions. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class AsyncAndCancelTest {
    @Inject
    Fakes fakes;
    @Inject
    ExecutionStore store;
    @Inject
    ObjectMapper mapper;
    @TestHTTPResource("/")
    URI base;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void asyncExecuteIsAcceptedThenCompletesThroughKafka() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "Done later", 5, 3);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "later " + marker, "mode", "async"))
                .when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(202).header("Location", containsString("/v1/executions/"))
                .body("status", is("pending"), "poll_url", startsWith("/v1/executions/"))
                .extract().path("execution_id");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                        .body("status", is("completed"), "output.text", is("Done later"), "mode", is("async"),
                                "cost", is(3)));
        // the hold travelled with the work item: the run was priced by its rule, billing captures from agent.executed
        assertEquals(0, fakes.requests(postRequestedFor(
                urlPathEqualTo("/internal/credits/reservations/" + id + "/capture"))).size());
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).when().get("/v1/executions/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).when().post("/v1/executions/" + id + "/cancel").then().statusCode(404);
    }

    @Test
    void anAsyncRunLongerThanTheAcknowledgementLimitLeavesTheServiceHealthy() {
        // the test profile marks the channel DOWN for a work item unacknowledged for 2 s; this run takes 5 s
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmSlow(marker, "Slow but fine", 5, 3, 5_000);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "slow " + marker, "mode", "async"))
                .when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(202).extract().path("execution_id");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                        .body("status", is("completed"), "output.text", is("Slow but fine")));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void asyncRunsAreBoundedPerReplicaAndTheRestWaitTheirTurn() throws Exception {
        // the test profile allows two async runs at once
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmSlow(marker, "in turn", 1, 1, 1_500);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(given().auth().oauth2(ws.token()).contentType("application/json")
                    .body(Map.of("message", "queued " + i + " " + marker, "mode", "async"))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(202)
                    .extract().path("execution_id"));
        }
        int mostRunning = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> completed = List.of();
        while (completed.size() < ids.size() && System.currentTimeMillis() < deadline) {
            mostRunning = Math.max(mostRunning, given().auth().oauth2(ws.token())
                    .when().get("/v1/executions?agent_id=" + agent + "&status=in_progress")
                    .then().statusCode(200).extract().path("items.size()"));
            completed = given().auth().oauth2(ws.token())
                    .when().get("/v1/executions?agent_id=" + agent + "&status=completed")
                    .then().statusCode(200).extract().path("items.execution_id");
            Thread.sleep(100);
        }
        assertEquals(Set.copyOf(ids), Set.copyOf(completed));
        assertEquals(2, mostRunning, "two at a time, no more");
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aWorkItemQueuedWithoutItsHoldIsChargedThroughBillingsCapture() throws Exception {
        // as queued by a version whose work items did not carry the hold's price
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "From before", 5, 3);
        String id = UUID.randomUUID().toString();
        Caller caller = new Caller("key:k1", ws.tenantId(), ws.workspaceId(), Set.of(Scopes.WORKSPACE), "team",
                Set.of(), "k1");
        ExecutionEntity row = new ExecutionEntity();
        row.id = id;
        row.workspaceId = ws.workspaceId();
        row.tenantId = ws.tenantId();
        row.agentId = agent;
        row.mode = "async";
        row.model = "sim-1";
        row.createdAt = Instant.now();
        store.createQueued(row, new WorkItem(id, caller, agent, null,
                mapper.readValue("{\"message\":\"old " + marker + "\"}", ExecuteRequest.class), null, null));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                        .body("status", is("completed"), "output.text", is("From before"), "cost", is(3)));
        fakes.wm().verifyThat(1, postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/capture"))
                .withRequestBody(matchingJsonPath("$.output_tokens", equalTo("3"))));
    }

    @Test
    void preferRespondAsyncQueuesToo() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "ok", 1, 1);
        given().auth().oauth2(ws.token()).contentType("application/json").header("Prefer", "respond-async")
                .body(Map.of("message", "later " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(202).body("status", is("pending"));
    }

    @Test
    void cancellingARunningStreamEndsItReleasesCreditsAndNeverCharges() throws Exception {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmStream(marker, List.of("a", "b", "c", "d"), 3, 4, 2_500);
        RunningStream running = streamOnce(agent, marker);
        CompletableFuture<HttpResponse<String>> stream = running.body();
        String id = running.executionId();
        given().auth().oauth2(ws.token()).when().post("/v1/executions/" + id + "/cancel").then().statusCode(200)
                .body("status", is("cancelled"), "error.code", is("EXECUTION_CANCELLED"));

        List<Sse.Event> events = Sse.parse(stream.get().body());
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.type());
        assertEquals("EXECUTION_CANCELLED", last.data().getString("code"));
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/release")));
        // cancelling again is harmless; the provider's late answer changes nothing and charges nothing
        given().auth().oauth2(ws.token()).when().post("/v1/executions/" + id + "/cancel").then().statusCode(200)
                .body("status", is("cancelled"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().body("status", is("cancelled"));
            assertEquals(0, fakes.requests(postRequestedFor(
                    urlPathEqualTo("/internal/credits/reservations/" + id + "/capture"))).size());
        });
    }

    @Test
    void aRunCancelledThroughAnotherReplicaEndsItsStreamHereToo() throws Exception {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmStream(marker, List.of("a", "b", "c", "d"), 3, 4, 1_500);
        RunningStream running = streamOnce(agent, marker);
        CompletableFuture<HttpResponse<String>> stream = running.body();
        String id = running.executionId();
        // what a cancel on another replica changes: the row (this replica learns of it when the run ends)
        assertTrue(store.cancel(ws.workspaceId(), id).isPresent());

        List<Sse.Event> events = Sse.parse(stream.get(20, TimeUnit.SECONDS).body());
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.type());
        assertEquals("EXECUTION_CANCELLED", last.data().getString("code"));
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().body("status", is("cancelled"));
    }

    /** A streamed execute under way: its body completes at the stream's end. */
    private record RunningStream(CompletableFuture<HttpResponse<String>> body, String executionId) {
    }

    /** Starts a streamed execute and returns once the provider was called. */
    private RunningStream streamOnce(String agent, String marker) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/agents/" + agent + "/execute/stream"))
                .header("Authorization", "Bearer " + ws.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"long " + marker + "\"}")).build();
        CompletableFuture<HttpResponse<String>> stream = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> !fakes.llmRequests(marker).isEmpty());
        String id = given().auth().oauth2(ws.token()).when()
                .get("/v1/executions?agent_id=" + agent).then().extract().path("items[0].execution_id");
        return new RunningStream(stream, id);
    }

    @Test
    void aFinishedExecutionCannotBeCancelled() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "quick", 1, 1);
        String id = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200).extract().path("execution_id");
        given().auth().oauth2(ws.token()).when().post("/v1/executions/" + id + "/cancel").then().statusCode(409)
                .body("code", is("EXECUTION_NOT_CANCELLABLE"), "status", is("completed"));
        given().auth().oauth2(ws.token()).when().post("/v1/executions/nope/cancel").then().statusCode(404);
    }
}
