package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.session.ContextRevision;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run in a session reuses the context this replica read or extended under the revision its session
 * lock reads, and reads it anew once session-service bumped the revision. Here WireMock plays
 * session-service, so the test sets the revision in Redis as session-service's bumps would.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ContextCacheTest {
    @Inject
    Fakes fakes;
    @Inject
    RedisDataSource redis;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    /** Runs one turn whose append answers the given revision, then sets Redis to it (session-service's bump). */
    private String turn(String session, String text, long revisionAfter) {
        fakes.wm().register(post(urlPathEqualTo("/internal/sessions/" + session + "/runs")).atPriority(1)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"appended\":true,\"message_ids\":[\"m1\",\"m2\"],\"revision\":" + revisionAfter
                                + ",\"expires_at\":null}")));
        String marker = Fakes.marker();
        fakes.llm(marker, "answer to " + text, 10, 3);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", text + " " + marker))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .body("output.text", is("answer to " + text));
        setRevision(session, revisionAfter);
        return fakes.llmRequests(marker).get(0).getBodyAsString();
    }

    private void setRevision(String session, long value) {
        redis.value(String.class).set(ContextRevision.key(ws.workspaceId(), session), Long.toString(value));
    }

    private int contextReads(String session) {
        return fakes.requests(getRequestedFor(urlPathEqualTo("/internal/sessions/" + session + "/context"))).size();
    }

    @Test
    void theNextTurnsReuseTheContextWithTheirOwnRunsUntilTheSessionChanges() {
        String agent = fakes.agent(ws);  // keeps the last 2 runs
        String session = fakes.session(ws, agent, Fakes.history("exec-old", "My name is Ann", "Hello Ann"));
        setRevision(session, 5_000_000);

        turn(session, "turn one", 5_000_001);
        String second = turn(session, "turn two", 5_000_002);
        assertTrue(second.indexOf("Hello Ann") < second.indexOf("turn one")
                && second.indexOf("answer to turn one") < second.indexOf("turn two"), second);
        String third = turn(session, "turn three", 5_000_003);
        assertEquals(1, contextReads(session), "turns two and three took the context from the cache");
        assertFalse(third.contains("Hello Ann"), "the history keeps the agent's last 2 runs: " + third);
        assertTrue(third.contains("answer to turn one") && third.contains("answer to turn two"), third);

        setRevision(session, 5_000_004);  // e.g. a PATCH of the session's variables
        String fourth = turn(session, "turn four", 5_000_005);
        assertEquals(2, contextReads(session), "a bumped revision reads the context again");
        assertTrue(fourth.contains("Hello Ann"), "the context is session-service's again: " + fourth);

        // an append that does not answer the next revision (another change came between) drops the entry
        turn(session, "turn five", 5_000_007);
        turn(session, "turn six", 5_000_008);
        assertEquals(3, contextReads(session));
    }

    @Test
    void anotherWorkspaceNeverGetsACachedContext() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);
        setRevision(session, 7_000_000);
        turn(session, "mine", 7_000_001);

        TestTokens.Workspace other = TestTokens.newWorkspace();
        redis.value(String.class).set(ContextRevision.key(other.workspaceId(), session), "7000001");
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("message", "theirs"))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(404)
                .body("code", is("SESSION_NOT_FOUND"));
    }
}
