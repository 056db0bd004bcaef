package dev.agentplane.execution.webhook;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The subscription API: create, read, change, delete, validation, the SSRF guard at subscribe time, isolation. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class WebhooksApiTest {
    @Inject
    StubResolver dns;
    @Inject
    Fakes fakes;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static ValidatableResponse create(TestTokens.Workspace ws, Map<String, Object> body) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                .when().post("/v1/webhooks").then();
    }

    @Test
    void createShowsTheSecretOnceThenReadChangeAndDelete() {
        String secret = create(ws, Map.of("url", url("/hooks/a"), "events", List.of("agent.executed", "agent.graduated"),
                "description", "orders"))
                .statusCode(201)
                .header("Location", containsString("/v1/webhooks/whk_"))
                .body("id", startsWith("whk_"))
                .body("secret", startsWith("whsec_"))
                .body("enabled", is(true))
                .body("events", contains("agent.executed", "agent.graduated"))
                .extract().path("secret");
        String id = given().auth().oauth2(ws.token()).get("/v1/webhooks").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].secret", nullValue())
                .body("pagination.total", is(1)).extract().path("items[0].id");
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + id).then().statusCode(200)
                .body("url", is(url("/hooks/a"))).body("description", is("orders")).body("secret", nullValue());
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("events", List.of("*"), "enabled", false))
                .patch("/v1/webhooks/" + id).then().statusCode(200)
                .body("events", contains("*")).body("enabled", is(false)).body("url", is(url("/hooks/a")));
        String rotated = given().auth().oauth2(ws.token()).post("/v1/webhooks/" + id + "/rotate-secret").then()
                .statusCode(200).body("secret", startsWith("whsec_"))
                .body("previous_secret_expires_at", notNullValue()).extract().path("secret");
        assertNotEquals(secret, rotated);
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + id).then().statusCode(200)
                .body("previous_secret_expires_at", notNullValue());
        given().auth().oauth2(ws.token()).delete("/v1/webhooks/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + id).then().statusCode(404)
                .body("code", is("WEBHOOK_NOT_FOUND"));
    }

    @Test
    void invalidBodiesAreRefusedFieldByField() {
        create(ws, Map.of("url", url("/x"), "events", List.of("agent.exploded"))).statusCode(400)
                .body("code", is("INVALID_INPUT")).body("errors[0].field", is("events[0]"));
        create(ws, Map.of("url", url("/x"), "events", List.of())).statusCode(400)
                .body("errors[0].field", is("events"));
        create(ws, Map.of("events", List.of("*"))).statusCode(400).body("errors[0].field", is("url"));
        create(ws, Map.of("url", url("/x"), "events", List.of("*"), "description", "d".repeat(501))).statusCode(400)
                .body("errors[0].field", is("description"));
        create(ws, Map.of("url", "http://127.0.0.1/" + "a".repeat(2048), "events", List.of("*"))).statusCode(400)
                .body("errors[0].field", is("url"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{")
                .post("/v1/webhooks").then().statusCode(400);
        String id = create(ws, Map.of("url", url("/x"), "events", List.of("*"))).statusCode(201).extract().path("id");
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + id + "/deliveries?status=lost").then().statusCode(400)
                .body("errors[0].field", is("status"));
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + id + "/deliveries?since=yesterday").then().statusCode(400)
                .body("errors[0].field", is("since"));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of())
                .post("/v1/webhooks/" + id + "/replay").then().statusCode(400).body("errors[0].field", is("since"));
    }

    @Test
    void urlsToLoopbackPrivateAndMetadataAddressesAreRefusedAtSubscribeTime() {
        // the test profile allows 127.0.0.1 only (its WireMock); every other refused range stays refused
        dns.set("private.webhooks.test", "10.0.0.5");
        dns.set("metadata.webhooks.test", "169.254.169.254");
        dns.set("mixed.webhooks.test", "93.184.216.34", "192.168.1.10");
        String path = "/refused-" + Fakes.marker();
        for (String refused : List.of("http://127.0.0.2:" + port + path, "http://[::1]:" + port + path,
                "http://localhost6.webhooks.test/", "http://private.webhooks.test/hooks",
                "http://metadata.webhooks.test/latest/meta-data", "http://169.254.169.254/latest",
                "http://mixed.webhooks.test/", "http://10.1.1.1/", "ftp://127.0.0.1/x",
                "http://user:pw@127.0.0.1:" + port + path)) {
            create(ws, Map.of("url", refused, "events", List.of("*"))).statusCode(400)
                    .body("code", is("WEBHOOK_URL_NOT_ALLOWED")).body("errors[0].field", is("url"));
        }
        given().auth().oauth2(ws.token()).get("/v1/webhooks").then().body("pagination.total", is(0));
        // nothing was sent anywhere: the guard only resolves
        assertTrue(fakes.wm().find(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(path))).isEmpty());
    }

    @Test
    void anotherWorkspaceGets404OnEveryRoute() {
        String id = create(ws, Map.of("url", url("/hooks/iso"), "events", List.of("*"))).statusCode(201)
                .extract().path("id");
        String delivery = given().auth().oauth2(ws.token()).post("/v1/webhooks/" + id + "/test").then()
                .statusCode(202).extract().path("id");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        String t = other.token();
        String base = "/v1/webhooks/" + id;
        given().auth().oauth2(t).get(base).then().statusCode(404).body("code", is("WEBHOOK_NOT_FOUND"));
        given().auth().oauth2(t).contentType("application/json").body(Map.of("enabled", false)).patch(base).then()
                .statusCode(404);
        given().auth().oauth2(t).post(base + "/rotate-secret").then().statusCode(404);
        given().auth().oauth2(t).post(base + "/test").then().statusCode(404);
        given().auth().oauth2(t).get(base + "/deliveries").then().statusCode(404);
        given().auth().oauth2(t).get(base + "/deliveries/" + delivery).then().statusCode(404);
        given().auth().oauth2(t).post(base + "/deliveries/" + delivery + "/redeliver").then().statusCode(404);
        given().auth().oauth2(t).contentType("application/json").body(Map.of("since", "2020-01-01T00:00:00Z"))
                .post(base + "/replay").then().statusCode(404);
        given().auth().oauth2(t).delete(base).then().statusCode(404);
        given().auth().oauth2(t).get("/v1/webhooks").then().statusCode(200).body("items", empty());
        // the other workspace's own webhook does not open this one's deliveries either
        String theirs = create(other, Map.of("url", url("/hooks/iso2"), "events", List.of("*"))).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(t).get("/v1/webhooks/" + theirs + "/deliveries/" + delivery).then().statusCode(404)
                .body("code", is("WEBHOOK_DELIVERY_NOT_FOUND"));
        given().auth().oauth2(ws.token()).get(base).then().statusCode(200).body("enabled", is(true));
    }

    @Test
    void executeKeysAndAnonymousCallersCannotManageWebhooks() {
        given().auth().oauth2(ws.executeToken()).get("/v1/webhooks").then().statusCode(403);
        given().get("/v1/webhooks").then().statusCode(401);
    }
}
