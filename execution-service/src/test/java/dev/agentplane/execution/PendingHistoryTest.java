package dev.agentplane.execution;

import dev.agentplane.execution.session.PendingHistory;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run in a session answers before session-service stored its messages; they are kept in the execution's
 * database and the session stays taken until they are stored, so the next turn always sees them. WireMock
 * plays session-service.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class PendingHistoryTest {
    @Inject
    Fakes fakes;
    @Inject
    PendingHistory pendingHistory;
    @Inject
    EntityManager em;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private void appendAnswers(String session, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        fakes.wm().register(post(urlPathEqualTo("/internal/sessions/" + session + "/runs")).atPriority(1)
                .willReturn(answer));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder appended() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"appended\":true,\"message_ids\":[\"m1\",\"m2\"]}");
    }

    private io.restassured.response.ValidatableResponse turn(String session, String text) {
        return turn(session, text, Fakes.marker());
    }

    private io.restassured.response.ValidatableResponse turn(String session, String text, String marker) {
        fakes.llm(marker, "answer to " + text, 5, 3);
        return given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", text + " " + marker))
                .when().post("/v1/sessions/" + session + "/execute").then();
    }

    private long kept(String executionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from pending_history where execution_id = ?1").setParameter(1, executionId)
                .getSingleResult()).longValue());
    }

    /** agentplane.session.history.appends{outcome} as /q/metrics shows it. */
    private static double appends(String outcome) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "agentplane_session_history_appends_total\\{outcome=\"" + outcome + "\"[^}]*} ([0-9.E]+)")
                .matcher(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private int appendsOf(String session, String executionId) {
        return fakes.requests(postRequestedFor(urlPathEqualTo("/internal/sessions/" + session + "/runs"))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(executionId)))).size();
    }

    @Test
    void theAnswerDoesNotWaitForTheAppendAndTheNextTurnWaitsForIt() {
        String session = fakes.session(ws, fakes.agent(ws), null);
        appendAnswers(session, appended().withFixedDelay(600));

        String first = turn(session, "one").statusCode(200).body("status", is("completed"))
                .extract().path("execution_id");
        assertEquals(1, kept(first), "answered while the append was still in flight, its messages kept");

        String marker = Fakes.marker();
        String second = turn(session, "two", marker).statusCode(200).extract().path("execution_id");
        long appendSent = fakes.requests(postRequestedFor(urlPathEqualTo("/internal/sessions/" + session + "/runs"))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(first)))).get(0).getLoggedDate().getTime();
        long secondAsked = fakes.llmRequests(marker).get(0).getLoggedDate().getTime();
        assertTrue(secondAsked >= appendSent + 600, "the second turn ran once the first was stored");
        await().untilAsserted(() -> assertEquals(0, kept(first) + kept(second)));
    }

    @Test
    void messagesTheSessionServiceCannotTakeAreKeptAndTheSweepStoresThem() {
        String session = fakes.session(ws, fakes.agent(ws), null);
        appendAnswers(session, aResponse().withStatus(500));
        double keptBefore = appends("kept");
        double sweptBefore = appends("swept");

        String first = turn(session, "one").statusCode(200)
                .body("status", is("completed"), "output.text", is("answer to one"), "cost", is(3))
                .extract().path("execution_id");
        await().untilAsserted(() -> assertEquals(2, appendsOf(session, first), "tried, and retried once"));
        assertEquals(1, kept(first));
        await().untilAsserted(() -> assertEquals(keptBefore + 1, appends("kept"), "operators see it"));
        turn(session, "too early").statusCode(409).body("code", is("SESSION_BUSY"),
                "active_execution_id", is(first), "detail", containsString("not stored yet"));

        appendAnswers(session, appended());
        assertTrue(pendingHistory.sweep(Duration.ZERO) >= 1);
        assertEquals(0, kept(first));
        assertTrue(appends("swept") >= sweptBefore + 1);
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/sessions/" + session + "/runs"))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(first)))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("answer to one")))
                .withRequestBody(matchingJsonPath("$.messages[1].usage.output_tokens", equalTo("3"))));
        turn(session, "two").statusCode(200).body("output.text", is("answer to two"));
    }

    @Test
    void messagesTheSessionServiceRefusesAreDroppedAndTheSessionIsFree() {
        String session = fakes.session(ws, fakes.agent(ws), null);
        appendAnswers(session, WireMockResource.problem(404, "SESSION_NOT_FOUND"));

        String first = turn(session, "one").statusCode(200).extract().path("execution_id");
        await().untilAsserted(() -> assertEquals(0, kept(first)));
        assertEquals(1, appendsOf(session, first), "a refusal is not retried");
        turn(session, "two").statusCode(200);
    }
}
