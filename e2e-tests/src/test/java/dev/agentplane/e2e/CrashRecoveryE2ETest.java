package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * kill -9 of execution-service between two nodes of a workflow run (issue 21): after the restart the run goes on
 * from its checkpoint (the recovery sweep takes it over once the dead incarnation's heartbeat is stale), the first
 * node's model call is not made again, the run is charged once, and a stream reader that reconnects with
 * Last-Event-ID sees every event exactly once.
 */
class CrashRecoveryE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIMULATOR = "http://127.0.0.1:8190";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRunKilledBetweenTwoNodesCompletesFromItsCheckpointAfterTheRestart() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String agent = "e2e-crash-" + marker;
        String yaml = "id: " + agent + "\n"
                + "name: \"Crash test\"\narchitecture: \"workflow\"\n"
                + "llm_config:\n  provider: openai\n  model: sim-1\n  max_tokens: 100\n"
                + "agents:\n"
                + "  - name: \"writer\"\n    agent_type: \"llm_agent\"\n"
                + "    system_prompt: \"Write. first-" + marker + " [sim:reply=Draft ready]\"\n"
                + "  - name: \"publisher\"\n    agent_type: \"llm_agent\"\n"
                + "    system_prompt: \"Publish. second-" + marker + " [sim:latency=6s] [sim:reply=Published]\"\n"
                + "edges:\n"
                + "  - from: \"__start__\"\n    to: \"writer\"\n"
                + "  - from: \"writer\"\n    to: \"publisher\"\n"
                + "  - from: \"publisher\"\n    to: \"__end__\"\n"
                + "entry_point: \"writer\"\n";
        ws.given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/v1/agents").then().statusCode(201);

        // the stream is read until the publisher's model call is under way; then the service is killed under it
        HttpRequest start = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/agents/" + agent + "/execute/stream"))
                .header("X-API-Key", ws.apiKey()).header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"Write about crashes\"}")).build();
        HttpResponse<Stream<String>> response = HTTP.send(start, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<JsonNode> before = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode event = JSON.readTree(line.substring(5).trim());
                if (!event.path("type").asText().equals("heartbeat")) {
                    before.add(event);
                }
                if (event.path("type").asText().equals("node_start") && event.path("node").asText().equals("publisher")) {
                    break;
                }
            }
        }
        assertFalse(before.isEmpty(), "events before the crash");
        String id = before.get(0).path("execution_id").asText();
        assertTrue(before.stream().anyMatch(e -> e.path("type").asText().equals("node_complete")
                && e.path("node").asText().equals("writer")), "the writer finished before the crash: " + before);

        Platform.restart("--kill", "execution-service");

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + id).then().statusCode(200)
                        .body("status", is("completed"), "path", contains("writer", "publisher"),
                                "output.text", is("Published")));

        // the reader reconnects where it stopped: every event once, in order, to the final one
        long last = before.get(before.size() - 1).path("seq").asLong();
        HttpRequest again = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/executions/" + id + "/events"))
                .header("X-API-Key", ws.apiKey()).header("Last-Event-ID", String.valueOf(last))
                .timeout(Duration.ofSeconds(60)).GET().build();
        List<JsonNode> all = new ArrayList<>(before);
        all.addAll(Sse.read(HTTP.send(again, HttpResponse.BodyHandlers.ofLines())));
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).path("seq").asInt(), "nothing missed or repeated: " + all);
        }
        assertEquals("final", all.get(all.size() - 1).path("type").asText());
        assertEquals(1, all.stream().filter(e -> e.path("type").asText().equals("node_complete")
                && e.path("node").asText().equals("writer")).count());

        assertEquals(1, simulatorRequests("first-" + marker), "the writer's model call is not made again");
        // one charge: the run's hold settles once, whichever incarnation finished it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given()
                .get("/v1/credits/ledger?execution_id=" + id).then().statusCode(200)
                .body("items.findAll { it.kind == 'capture' }", hasSize(1)));
    }

    private static int simulatorRequests(String text) {
        return RestAssured.given().baseUri(SIMULATOR).get("/sim/requests?contains=" + text).then().statusCode(200)
                .extract().jsonPath().getList("requests").size();
    }
}
