package dev.agentplane.execution.secret;

import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code /v1/secrets}: write-only values, encrypted at rest, one workspace's only. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class SecretsApiTest {
    private static final String VALUE = "sk-live-0123456789abcdef";

    @Inject
    EntityManager em;
    @Inject
    WorkspaceSecrets secrets;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aSecretIsCreatedListedRotatedAndDeletedWithoutItsValueEverShown() throws Exception {
        String created = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("name", "CRM_TOKEN", "value", VALUE)).when().post("/v1/secrets").then().statusCode(201)
                .header("Location", containsString("/v1/secrets/sec_"))
                .body("id", startsWith("sec_"), "name", is("CRM_TOKEN"), "value_hint", is("****cdef"),
                        "created_at", notNullValue(), "$", not(hasKey("value"))).extract().asString();
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");
        assertFalse(created.contains(VALUE));
        assertFalse(stored(id).contains("0123456789"), "only ciphertext at rest");
        assertEquals(Map.of("CRM_TOKEN", VALUE), secrets.values(ws.workspaceId(), Set.of("CRM_TOKEN", "OTHER")));

        String listed = given().auth().oauth2(ws.token()).get("/v1/secrets").then().statusCode(200)
                .body("items", hasSize(1), "items[0].name", is("CRM_TOKEN"), "pagination.total", is(1))
                .extract().asString();
        assertFalse(listed.contains(VALUE));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("value", "short"))
                .when().patch("/v1/secrets/" + id).then().statusCode(200).body("value_hint", is("****"));
        assertEquals(Map.of("CRM_TOKEN", "short"), secrets.values(ws.workspaceId(), Set.of("CRM_TOKEN")));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("value", VALUE))
                .when().put("/v1/secrets/" + id).then().statusCode(200).body("value_hint", is("****cdef"));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "RENAMED", "value", "x"))
                .when().patch("/v1/secrets/" + id).then().statusCode(400).body("errors[0].field", is("name"));

        given().auth().oauth2(ws.token()).delete("/v1/secrets/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).get("/v1/secrets/" + id).then().statusCode(404)
                .body("code", is("SECRET_NOT_FOUND"));
        assertEquals(Map.of(), secrets.values(ws.workspaceId(), Set.of("CRM_TOKEN")));
    }

    @Test
    void invalidSecretsAreRefusedWithoutWritingAnything() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "A", "value", VALUE))
                .when().post("/v1/secrets").then().statusCode(201);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "A", "value", VALUE))
                .when().post("/v1/secrets").then().statusCode(409).body("code", is("SECRET_EXISTS"));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "1bad-name", "value", "x"))
                .when().post("/v1/secrets").then().statusCode(400).body("errors.field", hasItem("name"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("name", "INJECT", "value", "abc\r\nX-Evil: 1")).when().post("/v1/secrets").then()
                .statusCode(400).body("errors.field", hasItem("value"), "detail", not(containsString("Evil")));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "BIG", "value", "x".repeat(8193)))
                .when().post("/v1/secrets").then().statusCode(400).body("errors.field", hasItem("value"));
        given().auth().oauth2(ws.token()).get("/v1/secrets").then().statusCode(200).body("items.name", contains("A"));
        given().auth().oauth2(ws.executeToken()).get("/v1/secrets").then().statusCode(403);
        given().get("/v1/secrets").then().statusCode(401);
    }

    @Test
    void anotherWorkspaceGets404AndNeverTheValue() throws Exception {
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("name", "MINE", "value", VALUE)).when().post("/v1/secrets").then().statusCode(201)
                .extract().path("id");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).get("/v1/secrets/" + id).then().statusCode(404)
                .body("code", is("SECRET_NOT_FOUND"));
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("value", "stolen"))
                .when().patch("/v1/secrets/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).delete("/v1/secrets/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).get("/v1/secrets").then().statusCode(200).body("items", empty());
        assertEquals(Map.of(), secrets.values(other.workspaceId(), Set.of("MINE")));
        assertEquals(Map.of("MINE", VALUE), secrets.values(ws.workspaceId(), Set.of("MINE")), "left as it was");
    }

    @Transactional
    String stored(String id) {
        byte[] bytes = (byte[]) em.createNativeQuery("select value_ciphertext from workspace_secret where id = ?1")
                .setParameter(1, id).getSingleResult();
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
