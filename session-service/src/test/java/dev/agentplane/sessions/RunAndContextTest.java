package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The execution service's two calls: append a run (idempotently) and read a run's context. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class RunAndContextTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();
    @Inject
    EntityManager em;

    @Test
    void aRetriedAppendAnswersTheSameMessagesWithoutDuplicating() {
        String session = Api.session(ws, Api.newAgent());
        List<String> ids = Api.appendRun(ws, session, "exec-1", Api.turn("hi", "hello")).statusCode(201)
                .body("session_id", is(session), "execution_id", is("exec-1"), "appended", is(true),
                        "message_ids", hasSize(2)).extract().path("message_ids");
        Api.appendRun(ws, session, "exec-1", Api.turn("hi", "hello")).statusCode(200)
                .body("appended", is(false), "message_ids", is(ids));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + session + "/messages").then().statusCode(200)
                .body("items", hasSize(2), "items.id", is(ids), "items.role", contains("user", "assistant"),
                        "items[1].usage.output_tokens", is(5), "items[1].execution_id", is("exec-1"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + session).then().body("message_count", is(2));
    }

    @Test
    void twentyConcurrentRetriesStoreExactlyOneRun() throws Exception {
        String session = Api.session(ws, Api.newAgent());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                        .body(Map.of("execution_id", "exec-c", "messages", Api.turn("q", "a")))
                        .post("/internal/sessions/" + session + "/runs"));
            }
            List<Integer> statuses = new ArrayList<>();
            Set<List<String>> idSets = new HashSet<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                statuses.add(f.get().statusCode());
                idSets.add(f.get().path("message_ids"));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(1, idSets.size(), "every answer names the same messages");
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + session + "/messages").then()
                .body("items", hasSize(2));
    }

    @Test
    void historyIsExactlyTheLastNRunsWithoutSystemMessages() {
        String session = Api.session(ws, Api.newAgent());
        for (int run = 1; run <= 5; run++) {
            Api.appendRun(ws, session, "exec-" + run, Api.turn("q" + run, "a" + run)).statusCode(201);
        }
        Api.appendRun(ws, session, "exec-6", List.of(Map.of("role", "user", "content", List.of(
                        Map.of("type", "text", "text", "what is this?"),
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/a.png")))),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "call_1", "name",
                        "calculator", "arguments", Map.of("expression", "1+1")))),
                Map.of("role", "tool", "content", "2", "tool_call_id", "call_1"),
                Map.of("role", "system", "content", "the tool was slow"),
                Map.of("role", "assistant", "content", "a6"))).statusCode(201);

        given().auth().oauth2(ws.serviceToken()).when()
                .get("/internal/sessions/" + session + "/context?history_runs=3").then().statusCode(200)
                .body("session_id", is(session), "agent_version", is(3), "status", is("active"),
                        "external_user_id", is("user-1"),
                        "history.content", contains("q4", "a4", "q5", "a5", List.of(
                                Map.of("type", "text", "text", "what is this?"),
                                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/a.png"))),
                                "", "2", "a6"),
                        "history.role", not(hasItem("system")),
                        "history.execution_id", contains("exec-4", "exec-4", "exec-5", "exec-5", "exec-6", "exec-6",
                                "exec-6", "exec-6"),
                        "history[5].tool_calls[0].id", is("call_1"), "history[6].tool_call_id", is("call_1"),
                        "history[0].tool_calls", nullValue(), "history[0].created_at", notNullValue(),
                        "memories", nullValue());
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/sessions/" + session + "/context").then()
                .statusCode(200).body("history", hasSize(0));
        given().auth().oauth2(ws.serviceToken()).when()
                .get("/internal/sessions/" + session + "/context?history_runs=50").then()
                .body("history", hasSize(5 * 2 + 4));
        given().auth().oauth2(ws.serviceToken()).when()
                .get("/internal/sessions/" + session + "/context?history_runs=-1").then().statusCode(400)
                .body("errors[0].field", is("history_runs"));
        given().auth().oauth2(ws.serviceToken()).when()
                .get("/internal/sessions/" + session + "/context?history_runs=lots").then().statusCode(400)
                .body("errors[0].field", is("history_runs"));
    }

    @Test
    void sessionVariablesReachTheContextAndRequestVariablesDoNot() {
        String agent = Api.newAgent();
        String session = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agent, "variables", Map.of("user_id", "u-12345")))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        // the execution service persists a run's session-level inputs with PATCH (scope service)
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(Map.of("variables", Map.of("user_email", "john@example.com")))
                .when().patch("/v1/sessions/" + session).then().statusCode(200);
        // request-level variables travel in the execute call only; appending a run does not store them
        Api.appendRun(ws, session, "exec-v", Api.turn("What is your refund policy?", "30 days")).statusCode(201);
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/sessions/" + session + "/context").then()
                .statusCode(200)
                .body("variables", is(Map.of("user_id", "u-12345", "user_email", "john@example.com")));
    }

    @Test
    void invalidRunsAreRefusedWithNamedFields() {
        String session = Api.session(ws, Api.newAgent());
        Api.appendRun(ws, session, "e", List.of(Map.of("role", "wizard", "content", "x"))).statusCode(400)
                .body("code", is("INVALID_INPUT"));
        Api.appendRun(ws, session, "e", List.of()).statusCode(400).body("code", is("INVALID_INPUT"));
        Api.appendRun(ws, session, "e", List.of(Map.of("role", "user", "content", Map.of("not", "allowed"))))
                .statusCode(400).body("errors[0].field", is("messages[0].content"));
        Api.appendRun(ws, session, "e", List.of(Map.of("role", "user", "content", "x".repeat(300 * 1024))))
                .statusCode(400).body("errors[0].field", is("messages[0].content"));
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(Map.of("messages", Api.turn("a", "b")))
                .when().post("/internal/sessions/" + session + "/runs").then().statusCode(400);
        Api.appendRun(ws, session, "e", Api.turn("a", "b")).statusCode(201);
    }

    @Test
    void internalCallsAreForServicesAndScopedToTheirWorkspace() {
        String session = Api.session(ws, Api.newAgent());
        TestTokens.Workspace other = TestTokens.newWorkspace();
        Api.appendRun(other, session, "x", Api.turn("a", "b")).statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        given().auth().oauth2(other.serviceToken()).when().get("/internal/sessions/" + session + "/context").then()
                .statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        Api.appendRun(ws, "ses_unknown", "x", Api.turn("a", "b")).statusCode(404);
        given().auth().oauth2(ws.token()).when().get("/internal/sessions/" + session + "/context").then()
                .statusCode(403);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("execution_id", "x", "messages", Api.turn("a", "b")))
                .when().post("/internal/sessions/" + session + "/runs").then().statusCode(403);
    }

    @Test
    void deletingASessionTakesItsMessagesAndRunsAlong() {
        String session = Api.session(ws, Api.newAgent());
        Api.appendRun(ws, session, "exec-d", Api.turn("a", "b")).statusCode(201);
        given().auth().oauth2(ws.token()).when().delete("/v1/sessions/" + session).then().statusCode(204);
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + session).then().statusCode(404);
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + session + "/messages").then().statusCode(404);
        Api.appendRun(ws, session, "exec-d", Api.turn("a", "b")).statusCode(404);
        given().auth().oauth2(ws.token()).when().delete("/v1/sessions/" + session).then().statusCode(404);
        assertEquals(0L, ((Number) em.createNativeQuery("select (select count(*) from message where session_id = ?1)"
                + " + (select count(*) from session_run where session_id = ?1)").setParameter(1, session)
                .getSingleResult()).longValue());
    }
}
