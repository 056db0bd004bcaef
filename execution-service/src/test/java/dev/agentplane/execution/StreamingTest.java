package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** SSE execute: events in order with ids, replay and resume from Last-Event-ID, isolation. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class StreamingTest {
    private static final List<String> CHUNKS = List.of("Once", " upon", " a", " time", " there", " was", " a", " fox");

    @Inject
    Fakes fakes;
    @TestHTTPResource("/")
    URI base;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void streamRelaysEveryChunkThenFinalWithUsageAndCost() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmStream(marker, CHUNKS, 9, 8, 0);

        String body = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "tell a story " + marker))
                .when().post("/v1/agents/" + agent + "/execute/stream")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        List<Sse.Event> events = Sse.parse(body);
        assertEquals("start", events.get(0).type());
        assertEquals(CHUNKS, events.stream().filter(e -> e.type().equals("text")).map(e -> e.data().getString("text")).toList());
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("final", last.type());
        assertEquals(8, last.data().getInt("usage.output_tokens"));
        assertEquals(8, last.data().getInt("cost"));
        assertEquals("Once upon a time there was a fox", last.data().getString("output.text"));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(String.valueOf(i + 1), events.get(i).id(), "ids are the sequence numbers");
        }
        String id = events.get(0).data().getString("execution_id");

        // replay after the end, from Redis, resuming after event 3
        String replay = given().auth().oauth2(ws.token()).header("Last-Event-ID", "3")
                .when().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString();
        List<Sse.Event> rest = Sse.parse(replay);
        assertEquals("4", rest.get(0).id());
        assertEquals(events.size() - 3, rest.size());
        assertEquals("final", rest.get(rest.size() - 1).type());

        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("completed"), "mode", is("stream"), "metadata.event_count", is(events.size()));
    }

    @Test
    void acceptEventStreamOnExecuteStreamsToo() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmStream(marker, CHUNKS, 9, 8, 0);
        String body = given().auth().oauth2(ws.token()).contentType("application/json").accept("text/event-stream")
                .body(Map.of("message", "story " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).extract().asString();
        assertEquals("final", Sse.parse(body).get(Sse.parse(body).size() - 1).type());
    }

    @Test
    void aClientThatDropsMidRunResumesWithNothingMissedOrRepeated() throws Exception {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmStream(marker, CHUNKS, 9, 8, 2_000);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/agents/" + agent + "/execute/stream"))
                .header("Authorization", "Bearer " + ws.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"slow story " + marker + "\"}")).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<String> firstLines = new ArrayList<>();
        int seen = 0;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (seen < 3 && it.hasNext()) {
                String line = it.next();
                firstLines.add(line);
                if (line.startsWith("id:")) {
                    seen++;
                }
            }
            firstLines.add(it.next());
            firstLines.add("");
        }
        List<Sse.Event> first = Sse.parse(String.join("\n", firstLines));
        assertEquals(3, first.size());
        String id = first.get(0).data().getString("execution_id");

        String rest = given().auth().oauth2(ws.token()).header("Last-Event-ID", first.get(2).id())
                .when().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString();
        List<Sse.Event> all = new ArrayList<>(first);
        all.addAll(Sse.parse(rest).stream().filter(e -> e.id() != null).toList());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(String.valueOf(i + 1), all.get(i).id(), "no event missed or repeated");
        }
        assertEquals("final", all.get(all.size() - 1).type());
        assertEquals(String.join("", CHUNKS), all.stream().filter(e -> e.type().equals("text"))
                .map(e -> e.data().getString("text")).collect(Collectors.joining()));
    }

    @Test
    void anotherWorkspaceCannotFollowTheStream() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmStream(marker, CHUNKS, 9, 8, 0);
        String body = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "story " + marker)).when().post("/v1/agents/" + agent + "/execute/stream")
                .then().statusCode(200).extract().asString();
        String id = Sse.parse(body).get(0).data().getString("execution_id");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).when().get("/v1/executions/" + id + "/events").then().statusCode(404)
                .body("code", is("EXECUTION_NOT_FOUND"));
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("message", "x"))
                .when().post("/v1/agents/" + agent + "/execute/stream").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(ws.token()).header("Last-Event-ID", "abc").when().get("/v1/executions/" + id + "/events")
                .then().statusCode(400).body("code", is("INVALID_INPUT"));
    }
}
