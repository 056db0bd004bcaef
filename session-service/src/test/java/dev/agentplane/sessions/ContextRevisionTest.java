package dev.agentplane.sessions;

import dev.agentplane.kit.session.ContextRevision;
import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.session.SessionCleanup;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every commit that changes what a run reads from a session bumps its context revision in Redis
 * (execution-service reuses a cached context only under an unchanged revision); reads and refused
 * writes leave it alone, and an append's answer carries the revision after it.
 */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class ContextRevisionTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();
    @Inject
    RedisDataSource redis;
    @Inject
    SessionCleanup cleanup;
    @Inject
    EntityManager em;

    private Long revision(String session) {
        String value = redis.value(String.class).get(ContextRevision.key(ws.workspaceId(), session));
        return value == null ? null : Long.parseLong(value);
    }

    @Test
    void anAppendAnswersTheRevisionAfterItAndTheSessionsExpiry() {
        String session = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", Api.newAgent(), "ttl_seconds", 3600)).when().post("/v1/sessions").then()
                .statusCode(201).extract().path("id");
        assertNull(revision(session), "a new session has no revision until something changes it");

        long first = ((Number) Api.appendRun(ws, session, "exec-1", Api.turn("q", "a")).statusCode(201)
                .body("expires_at", notNullValue()).extract().path("revision")).longValue();
        assertEquals(first, revision(session));
        assertTrue(first > 1_000_000L, "a missing revision starts at a random value, not at 1: " + first);

        long second = ((Number) Api.appendRun(ws, session, "exec-2", Api.turn("q", "a")).statusCode(201)
                .extract().path("revision")).longValue();
        assertEquals(first + 1, second);
        var retried = Api.appendRun(ws, session, "exec-2", Api.turn("q", "a")).statusCode(200).extract();
        assertEquals(second + 1, ((Number) retried.path("revision")).longValue(), "a retry bumps it too");
        String expiresAt = retried.path("expires_at");
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/sessions/" + session + "/context").then()
                .statusCode(200).body("expires_at", is(expiresAt));
        assertTrue(Instant.parse(expiresAt).isAfter(Instant.now().plusSeconds(3500)));
        assertEquals(second + 1, revision(session), "reading a context changes nothing");
    }

    @Test
    void patchArchiveDeleteAndExpiryBumpIt() {
        String session = Api.session(ws, Api.newAgent());
        Api.appendRun(ws, session, "exec-1", Api.turn("q", "a")).statusCode(201);
        long start = revision(session);

        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("variables", Map.of("x", 1)))
                .when().patch("/v1/sessions/" + session).then().statusCode(200);
        assertEquals(start + 1, revision(session));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("ttl_seconds", -5))
                .when().patch("/v1/sessions/" + session).then().statusCode(400);
        assertEquals(start + 1, revision(session), "a refused patch commits nothing and bumps nothing");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("title", "mine"))
                .when().patch("/v1/sessions/" + session).then().statusCode(404);
        assertEquals(start + 1, revision(session));

        given().auth().oauth2(ws.token()).when().delete("/v1/sessions/" + session).then().statusCode(204);
        assertEquals(start + 2, revision(session));

        String conversation = given().auth().oauth2(ws.executeToken()).contentType("application/json")
                .body(Map.of("agent_id", Api.newAgent(), "external_user_id", "user-rev")).when()
                .post("/v1/conversations").then().statusCode(201).extract().path("id");
        given().auth().oauth2(ws.executeToken()).when().post("/v1/conversations/" + conversation + "/archive").then()
                .statusCode(200);
        Long archived = revision(conversation);
        assertNotEquals(null, archived);
        given().auth().oauth2(ws.executeToken()).when().post("/v1/conversations/" + conversation + "/archive").then()
                .statusCode(200);
        assertEquals(archived, revision(conversation), "archiving an archived conversation changes nothing");

        String expiring = Api.session(ws, Api.newAgent());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update session set expires_at = now() - interval '1 second' where id = ?1")
                .setParameter(1, expiring).executeUpdate());
        assertNull(revision(expiring));
        assertTrue(cleanup.sweep() >= 1);
        assertNotEquals(null, revision(expiring), "an expired session's deletion bumps it too");
    }
}
