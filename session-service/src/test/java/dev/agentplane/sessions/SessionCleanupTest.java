package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.session.SessionCleanup;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import dev.agentplane.sessions.support.SessionEventsTap;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions with a TTL disappear once idle for that long; sessions without one stay. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class SessionCleanupTest {
    @Inject
    SessionCleanup cleanup;
    @Inject
    EntityManager em;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void expiredSessionsAreDeletedWithTheirMessages() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String agent = Api.newAgent();
        String expiring = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agent, "ttl_seconds", 60)).when().post("/v1/sessions").then()
                .statusCode(201).body("ttl_seconds", is(60)).extract().path("id");
        String lasting = Api.session(ws, agent);
        Api.appendRun(ws, expiring, "exec-t", Api.turn("a", "b")).statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update session set expires_at = now() - interval '1 second' where id = ?1")
                .setParameter(1, expiring).executeUpdate());

        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + expiring).then().statusCode(404);
        assertTrue(cleanup.sweep() >= 1);
        assertEquals(0L, ((Number) em.createNativeQuery("select (select count(*) from session where id = ?1) + "
                + "(select count(*) from message where session_id = ?1)").setParameter(1, expiring)
                .getSingleResult()).longValue());
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + lasting).then().statusCode(200);
    }

    @Test
    void bothKindsOfDeletionAreEvents() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String agent = Api.newAgent();
        try (SessionEventsTap tap = new SessionEventsTap(kafkaConfig.get("bootstrap.servers"))) {
            String expiring = given().auth().oauth2(ws.token()).contentType("application/json")
                    .body(Map.of("agent_id", agent, "ttl_seconds", 60)).when().post("/v1/sessions").then()
                    .statusCode(201).extract().path("id");
            String deleted = Api.session(ws, agent);
            given().auth().oauth2(ws.token()).when().delete("/v1/sessions/" + deleted).then().statusCode(204);
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update session set expires_at = now() - interval '1 second' where id = ?1")
                    .setParameter(1, expiring).executeUpdate());
            cleanup.sweep();
            String expired = tap.await(expiring, v -> v.contains("\"session.deleted\""), 1).get(0).value();
            assertTrue(expired.contains("\"reason\":\"expired\"") && expired.contains(ws.workspaceId()), expired);
            String gone = tap.await(deleted, v -> v.contains("\"session.deleted\""), 1).get(0).value();
            assertTrue(gone.contains("\"reason\":\"deleted\""), gone);
            assertEquals(1, tap.await(deleted, v -> v.contains("\"session.created\""), 1).size());
        }
    }
}
