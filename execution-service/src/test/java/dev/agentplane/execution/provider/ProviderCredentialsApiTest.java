package dev.agentplane.execution.provider;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code /v1/providers}: create, read, rotate, delete; validation and the SSRF guard; isolation; the key at rest. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ProviderCredentialsApiTest {
    @Inject
    EntityManager em;
    @Inject
    Fakes fakes;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    static String key() {
        return "sk-test-" + UUID.randomUUID().toString().replace("-", "");
    }

    static ValidatableResponse create(TestTokens.Workspace ws, Map<String, Object> body) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                .when().post("/v1/providers").then();
    }

    private Map<String, Object> body(String name, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "openai_compatible");
        body.put("name", name);
        body.put("api_key", key);
        body.put("base_url", "http://127.0.0.1:" + port + "/v1");
        return body;
    }

    @Test
    void theKeyGoesInAndNeverComesOut() {
        String key = key();
        String answer = create(ws, body("mine", key)).statusCode(201)
                .header("Location", containsString("/v1/providers/prv_"))
                .body("id", startsWith("prv_"), "name", is("mine"), "provider", is("openai_compatible"),
                        "base_url", is("http://127.0.0.1:" + port + "/v1"), "revision", is(1),
                        "key_hint", is("sk-…" + key.substring(key.length() - 4)), "api_key", nullValue())
                .extract().asString();
        assertFalse(answer.contains(key.substring(3, key.length() - 4)), answer);
        String id = given().auth().oauth2(ws.token()).get("/v1/providers").then().statusCode(200)
                .body("items", hasSize(1), "items[0].api_key", nullValue(), "pagination.total", is(1))
                .extract().path("items[0].id");
        given().auth().oauth2(ws.token()).get("/v1/providers/" + id).then().statusCode(200)
                .body("name", is("mine"), "api_key", nullValue());
        String rotated = key();
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("api_key", rotated))
                .patch("/v1/providers/" + id).then().statusCode(200)
                .body("revision", is(2), "key_hint", endsWith(rotated.substring(rotated.length() - 4)));
        byte[] stored = QuarkusTransaction.requiringNew().call(() -> (byte[]) em.createNativeQuery(
                "select key_ciphertext from provider_credential where id = ?1").setParameter(1, id).getSingleResult());
        String asText = new String(stored, StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains(rotated.substring(3)) || asText.contains(key.substring(3)), "the key is not in clear");
        given().auth().oauth2(ws.token()).delete("/v1/providers/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).get("/v1/providers/" + id).then().statusCode(404)
                .body("code", is("PROVIDER_CREDENTIAL_NOT_FOUND"));
    }

    /**
     * After runs on the credential (one answered, one the provider refused) and a rotation, no row of any table of the
     * service's database holds the key in clear: as text, nor as the bytes of a binary column.
     */
    @Test
    void theKeyIsInNoRowOfTheDatabaseInClear() {
        String key = key();
        String id = create(ws, body("scanned", key)).statusCode(201).extract().path("id");
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "scanned").put("model", "m1")
                .put("max_tokens", 20));
        String answered = Fakes.marker();
        fakes.llm(answered, "fine", 3, 2);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", answered))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200);
        String refused = Fakes.marker();
        fakes.llmError(refused, 401);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", refused))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(502);
        String rotated = key();
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("api_key", rotated))
                .patch("/v1/providers/" + id).then().statusCode(200);
        @SuppressWarnings("unchecked")
        List<Object[]> tables = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE'"
                        + " and table_schema not in ('pg_catalog', 'information_schema')").getResultList());
        assertFalse(tables.isEmpty());
        for (String secret : List.of(key.substring(3), rotated.substring(3))) {
            String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
            for (Object[] table : tables) {
                String name = "\"" + table[0] + "\".\"" + table[1] + "\"";
                Number rows = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                        "select count(*) from " + name + " t where t::text like ?1 or t::text like ?2")
                        .setParameter(1, "%" + secret + "%").setParameter(2, "%" + hex + "%").getSingleResult());
                assertEquals(0, rows.intValue(), "the key is in clear in " + name);
            }
        }
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        String id = create(ws, body("private", key())).statusCode(201).extract().path("id");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).get("/v1/providers/" + id).then().statusCode(404)
                .body("code", is("PROVIDER_CREDENTIAL_NOT_FOUND"));
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("api_key", key()))
                .patch("/v1/providers/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).delete("/v1/providers/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).get("/v1/providers").then().statusCode(200).body("items", hasSize(0));
        // the other workspace may use the same name for its own credential
        create(other, body("private", key())).statusCode(201);
        given().auth().oauth2(ws.token()).get("/v1/providers/" + id).then().statusCode(200).body("revision", is(1));
    }

    @Test
    void invalidBodiesAreRefusedFieldByField() {
        Map<String, Object> b = body("x", key());
        b.put("provider", "gemini");
        create(ws, b).statusCode(400).body("code", is("INVALID_INPUT"), "errors[0].field", is("provider"));
        create(ws, body("Bad Name", key())).statusCode(400).body("errors[0].field", is("name"));
        create(ws, body("openai", key())).statusCode(400).body("errors[0].field", is("name"),
                "errors[0].message", containsString("never be used"));
        create(ws, body("ok", "has space")).statusCode(400).body("errors[0].field", is("api_key"));
        create(ws, body("ok", "k".repeat(1001))).statusCode(400).body("errors[0].field", is("api_key"));
        Map<String, Object> noUrl = body("ok", key());
        noUrl.remove("base_url");
        create(ws, noUrl).statusCode(400).body("errors[0].field", is("base_url"));
        Map<String, Object> noKey = body("ok", key());
        noKey.remove("api_key");
        create(ws, noKey).statusCode(400).body("errors[0].field", is("api_key"));
        create(ws, body("twice", key())).statusCode(201);
        create(ws, body("twice", key())).statusCode(409).body("code", is("PROVIDER_CREDENTIAL_EXISTS"));
        String id = given().auth().oauth2(ws.token()).get("/v1/providers").then().extract().path("items[0].id");
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "renamed"))
                .patch("/v1/providers/" + id).then().statusCode(400).body("errors[0].field", is("name"));
    }

    @Test
    void baseUrlsToInternalAddressesAreRefused() {
        for (String url : List.of("http://10.1.2.3/v1", "http://169.254.169.254/latest", "http://[::1]:8080/v1",
                "http://127.0.0.2:8190/v1", "ftp://127.0.0.1/v1", "http://user:pw@127.0.0.1:" + port + "/v1")) {
            Map<String, Object> b = body("guarded", key());
            b.put("base_url", url);
            create(ws, b).statusCode(400).body("code", is("PROVIDER_URL_NOT_ALLOWED"), "errors[0].field", is("base_url"));
        }
        given().auth().oauth2(ws.token()).get("/v1/providers").then().body("items", hasSize(0));
    }

    @Test
    void executeKeysAndStrangersAreKeptOut() {
        given().contentType("application/json").body(body("x", key())).post("/v1/providers").then().statusCode(401);
        given().auth().oauth2(ws.executeToken()).get("/v1/providers").then().statusCode(403);
    }
}
