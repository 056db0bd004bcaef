package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import dev.agentplane.sessions.support.SessionEventsTap;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations: create-or-resume, archive, messages with cursors, feedback and its events. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class ConversationTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private io.restassured.response.ValidatableResponse create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/v1/conversations").then();
    }

    @Test
    void createThenResumeThenNewAfterArchive() {
        String agent = Api.newAgent();
        Map<String, Object> body = Map.of("agent_id", agent, "external_user_id", "firebase_uid_xyz");
        String first = create(ws.executeToken(), body).statusCode(201)
                .body("kind", is("conversation"), "status", is("active"), "agent_version", is(3)).extract().path("id");
        create(ws.executeToken(), body).statusCode(200).body("id", is(first));
        create(ws.token(), Map.of("agent_id", agent, "external_user_id", "someone-else")).statusCode(201)
                .body("id", not(first));
        given().auth().oauth2(ws.executeToken()).when().post("/v1/conversations/" + first + "/archive").then()
                .statusCode(200).body("status", is("archived"));
        given().auth().oauth2(ws.executeToken()).when().post("/v1/conversations/" + first + "/archive").then()
                .statusCode(200).body("status", is("archived"));
        String second = create(ws.executeToken(), body).statusCode(201).extract().path("id");
        assertTrue(!second.equals(first));
        // a conversation is a session underneath
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + first).then().statusCode(200)
                .body("kind", is("conversation"), "status", is("archived"));
    }

    @Test
    void concurrentCreatesMakeOneConversation() throws Exception {
        String agent = Api.newAgent();
        Map<String, Object> body = Map.of("agent_id", agent, "external_user_id", "racer");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Callable<io.restassured.response.Response>> calls = java.util.Collections.nCopies(10,
                    () -> given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                            .post("/v1/conversations"));
            List<io.restassured.response.Response> answers = new java.util.ArrayList<>();
            for (var f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
            assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count());
            assertEquals(9, answers.stream().filter(r -> r.statusCode() == 200).count());
            assertEquals(1, answers.stream().map(r -> r.<String>path("id")).distinct().count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void executionKeysOnlyReachTheirAgents() {
        String mine = Api.newAgent();
        String notMine = Api.newAgent();
        String key = ws.executeToken(mine);
        String id = create(key, Map.of("agent_id", mine)).statusCode(201).extract().path("id");
        create(key, Map.of("agent_id", notMine)).statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        String other = create(ws.token(), Map.of("agent_id", notMine)).statusCode(201).extract().path("id");
        given().auth().oauth2(key).when().get("/v1/conversations/" + other + "/messages").then().statusCode(404)
                .body("code", is("SESSION_NOT_FOUND"));
        given().auth().oauth2(key).when().get("/v1/conversations/" + id + "/messages").then().statusCode(200);
    }

    @Test
    void inputErrorsAndUnknownAgents() {
        create(ws.token(), Map.of()).statusCode(400).body("code", is("INVALID_INPUT"));
        create(ws.token(), Map.of("agent_id", "missing-agent")).statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        create(ws.token(), Map.of("agent_id", Api.newAgent(), "variables", Map.of("v", "x".repeat(17_000))))
                .statusCode(400).body("errors[0].field", is("variables"));
        given().contentType("application/json").body("{}").when().post("/v1/conversations").then().statusCode(401);
    }

    @Test
    void messagesPageWithCursors() {
        String id = create(ws.token(), Map.of("agent_id", Api.newAgent())).statusCode(201).extract().path("id");
        for (int i = 0; i < 3; i++) {
            Api.appendRun(ws, id, "exec-" + i, Api.turn("q" + i, "a" + i)).statusCode(201);
        }
        var page1 = given().auth().oauth2(ws.executeToken()).when()
                .get("/v1/conversations/" + id + "/messages?limit=4").then().statusCode(200)
                .body("items.content", contains("q0", "a0", "q1", "a1"), "has_more", is(true)).extract();
        String cursor = page1.path("next_cursor");
        given().auth().oauth2(ws.executeToken()).when()
                .get("/v1/conversations/" + id + "/messages?limit=4&cursor=" + cursor).then().statusCode(200)
                .body("items.content", contains("q2", "a2"), "has_more", is(false), "next_cursor", nullValue());
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + id + "/messages?order=desc&limit=1").then()
                .body("items.content", contains("a2"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + id + "/messages?cursor=garbage").then()
                .statusCode(400).body("errors[0].field", is("cursor"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + id + "/messages?limit=0").then()
                .statusCode(400);
    }

    /** The answer keeps the id its execution returned, so feedback on that id finds it; a bad id is refused. */
    @Test
    void anAppendedAnswerKeepsTheExecutionsMessageIdForFeedback() {
        String id = create(ws.token(), Map.of("agent_id", Api.newAgent())).statusCode(201).extract().path("id");
        String answerId = "msg_" + java.util.UUID.randomUUID();
        Api.appendRun(ws, id, "exec-ids", List.of(Map.of("role", "user", "content", "q"),
                Map.of("id", answerId, "role", "assistant", "content", "a"))).statusCode(201)
                .body("message_ids[1]", is(answerId), "message_ids[0]", startsWith("msg_"));
        given().auth().oauth2(ws.executeToken()).contentType("application/json").body(Map.of("value", 1))
                .when().post("/v1/conversations/" + id + "/messages/" + answerId + "/feedback").then().statusCode(200);
        Api.appendRun(ws, id, "exec-bad", List.of(Map.of("id", "not an id", "role", "user", "content", "q")))
                .statusCode(400);
    }

    @Test
    void feedbackIsChangeableAndEachChangeIsOneEvent() {
        String agent = Api.newAgent();
        try (SessionEventsTap tap = new SessionEventsTap(kafkaConfig.get("bootstrap.servers"))) {
            String id = create(ws.token(), Map.of("agent_id", agent)).statusCode(201).extract().path("id");
            List<String> msgs = Api.appendRun(ws, id, "exec-f", Api.turn("q", "a")).statusCode(201)
                    .extract().path("message_ids");
            String answer = msgs.get(1);
            String path = "/v1/conversations/" + id + "/messages/" + answer + "/feedback";
            given().auth().oauth2(ws.executeToken()).contentType("application/json").body(Map.of("value", 1))
                    .when().post(path).then().statusCode(200)
                    .body("value", is(1), "previous_value", nullValue(), "changed", is(true));
            given().auth().oauth2(ws.executeToken()).contentType("application/json").body(Map.of("value", 1))
                    .when().post(path).then().statusCode(200).body("changed", is(false));
            given().auth().oauth2(ws.executeToken()).contentType("application/json").body(Map.of("value", -1))
                    .when().post(path).then().statusCode(200).body("value", is(-1), "previous_value", is(1));

            List<ConsumerRecord<String, String>> events = tap.await(id, v -> v.contains("\"feedback.recorded\""), 2);
            assertEquals(2, tap.settle(id, v -> v.contains("\"feedback.recorded\"")).size());
            String last = events.get(1).value();
            assertTrue(last.contains("\"message_id\":\"" + answer + "\"") && last.contains("\"execution_id\":\"exec-f\"")
                    && last.contains("\"agent_id\":\"" + agent + "\"") && last.contains("\"value\":-1")
                    && last.contains("\"previous_value\":1") && last.contains("\"session_id\":\"" + id + "\""), last);
            assertEquals(1, tap.await(id, v -> v.contains("\"session.created\""), 1).size());
            String appended = tap.await(id, v -> v.contains("\"session.message.appended\""), 1).get(0).value();
            assertTrue(appended.contains("\"message_ids\":[\"" + msgs.get(0) + "\",\"" + answer + "\"]"), appended);
            given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + id + "/messages").then()
                    .body("items[1].feedback", is(-1), "items[0].feedback", nullValue());
        }
    }

    @Test
    void feedbackErrors() {
        String id = create(ws.token(), Map.of("agent_id", Api.newAgent())).statusCode(201).extract().path("id");
        List<String> msgs = Api.appendRun(ws, id, "exec-e", Api.turn("q", "a")).statusCode(201)
                .extract().path("message_ids");
        String base = "/v1/conversations/" + id + "/messages/";
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("value", 2))
                .when().post(base + msgs.get(1) + "/feedback").then().statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("value", 1))
                .when().post(base + msgs.get(0) + "/feedback").then().statusCode(400);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("value", 1))
                .when().post(base + "msg_nope/feedback").then().statusCode(404).body("code", is("MESSAGE_NOT_FOUND"));
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("value", 1))
                .when().post(base + msgs.get(1) + "/feedback").then().statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        given().auth().oauth2(other.executeToken()).when().post("/v1/conversations/" + id + "/archive").then()
                .statusCode(404);
        given().auth().oauth2(other.executeToken()).when().get("/v1/conversations/" + id).then().statusCode(404);
        given().auth().oauth2(other.executeToken()).when().get("/v1/conversations/" + id + "/messages").then()
                .statusCode(404);
    }
}
