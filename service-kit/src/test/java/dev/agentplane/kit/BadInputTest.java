package dev.agentplane.kit;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a client can send that once reached a store or a library and came back as a 5xx or a class name. */
@QuarkusTest
class BadInputTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Inject
    EntityManager em;

    private Response post(String path, String body) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                .when().post(path).then().log().ifValidationFails().extract().response();
    }

    private static void refusedCleanly(Response r, int status, String code) {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals("application/problem+json", r.contentType().split(";")[0]);
        assertEquals(code, r.path("code"), r.asString());
        String body = r.asString();
        assertFalse(body.contains("dev.agentplane") || body.contains("java.") || body.contains("jackson")
                || body.contains("Cannot deserialize") || body.contains("Exception"), body);
    }

    @Test
    void aNulInAnyJsonStringIsA400NamingTheField() {
        refusedCleanly(post("/probe/things", "{\"name\":\"a\\u0000b\"}"), 400, "INVALID_INPUT");
        Response r = post("/probe/rich", "{\"name\":\"n\",\"tags\":[\"ok\",\"x\\u0000\"]}");
        refusedCleanly(r, 400, "INVALID_INPUT");
        assertEquals("tags[1]", r.path("errors[0].field"));
        r = post("/probe/rich", "{\"name\":\"n\",\"labels\":{\"k\":\"v\\u0000\"}}");
        refusedCleanly(r, 400, "INVALID_INPUT");
        assertEquals("labels.k", r.path("errors[0].field"));
        refusedCleanly(post("/probe/rich", "{\"name\":\"n\",\"labels\":{\"k\\u0000\":\"v\"}}"), 400, "INVALID_INPUT");
        r = post("/probe/rich", "{\"name\":\"n\",\"metadata\":{\"deep\":[{\"x\":\"\\u0000\"}]}}");
        refusedCleanly(r, 400, "INVALID_INPUT");
        r = post("/probe/rich", "{\"name\":\"n\",\"inner\":{\"name\":\"\\u0000\"}}");
        refusedCleanly(r, 400, "INVALID_INPUT");
        assertEquals("inner.name", r.path("errors[0].field"));
        r = post("/probe/documents", "{\"a\":{\"b\":[1,\"\\u0000\"]}}");
        refusedCleanly(r, 400, "INVALID_INPUT");
        assertEquals("a.b[1]", r.path("errors[0].field"));
        refusedCleanly(post("/probe/documents", "{\"a\\u0000\":1}"), 400, "INVALID_INPUT");
    }

    @Test
    void unpairedSurrogatesAreRefusedAndPairsKept() {
        refusedCleanly(post("/probe/things", "{\"name\":\"\\ud800\"}"), 400, "INVALID_INPUT");
        refusedCleanly(post("/probe/things", "{\"name\":\"a\\udc00b\"}"), 400, "INVALID_INPUT");
        refusedCleanly(post("/probe/documents", "{\"a\":\"\\ud83d\"}"), 400, "INVALID_INPUT");
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\":\"\\ud83d\\ude00\"}")
                .when().post("/probe/things").then().statusCode(200).body("name", is("\uD83D\uDE00"));
    }

    @Test
    void duplicateMembersAreA400() {
        refusedCleanly(post("/probe/things", "{\"name\":\"a\",\"name\":\"b\"}"), 400, "MALFORMED_JSON");
        refusedCleanly(post("/probe/documents", "{\"a\":1,\"a\":2}"), 400, "MALFORMED_JSON");
        refusedCleanly(post("/probe/rich", "{\"name\":\"n\",\"inner\":{\"count\":1,\"count\":2}}"), 400, "MALFORMED_JSON");
    }

    @Test
    void theWrongJsonTypeNamesNoClass() {
        for (String body : new String[]{"[]", "[1,2]", "42", "\"text\"", "true", "{\"name\":[]}", "{\"name\":{}}",
                "{\"name\":\"a\",\"count\":\"x\"}", "{\"name\":\"a\",\"count\":1e999}", "{\"name\":\"a\",\"count\":99999999999}"}) {
            Response r = post("/probe/things", body);
            refusedCleanly(r, 400, r.path("code"));
        }
        for (String body : new String[]{"[]", "42", "\"s\"", "{\"name\":\"n\",\"tags\":\"x\"}", "{\"name\":\"n\",\"labels\":[]}",
                "{\"name\":\"n\",\"inner\":7}", "{\"name\":\"n\",\"metadata\":\"s\"}"}) {
            Response r = post("/probe/rich", body);
            refusedCleanly(r, 400, r.path("code"));
        }
        refusedCleanly(post("/probe/documents", "[1]"), 400, "MALFORMED_JSON");
        Response r = post("/probe/things", "[]");
        assertEquals("The request body must be a JSON object at line 1, column 1.", r.path("detail"));
    }

    @Test
    void deepNestingIsA400() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        refusedCleanly(post("/probe/documents", "{\"a\":" + deep + "}"), 400, "MALFORMED_JSON");
        refusedCleanly(post("/probe/rich", "{\"name\":\"n\",\"metadata\":{\"a\":" + deep + "}}"), 400, "MALFORMED_JSON");
    }

    @Test
    void aNulInAQueryOrPathParameterIsA400NamingIt() {
        Response r = given().auth().oauth2(ws.token()).urlEncodingEnabled(false)
                .when().get("/probe/search/ok?q=a%00b").then().extract().response();
        refusedCleanly(r, 400, "INVALID_INPUT");
        assertEquals("q", r.path("errors[0].field"));
        r = given().auth().oauth2(ws.token()).urlEncodingEnabled(false)
                .when().get("/probe/search/a%00b?q=x").then().extract().response();
        refusedCleanly(r, 400, "INVALID_INPUT");
        assertEquals("term", r.path("errors[0].field"));
        given().auth().oauth2(ws.token()).when().get("/probe/search/ok?q=fine").then().statusCode(200)
                .body("found", is("okfine"));
    }

    @Test
    void aBodySentAsMultipartThatIsNotMultipartIsA400() {
        Response r = given().auth().oauth2(ws.token()).contentType("multipart/form-data; boundary=xyz")
                .body("{\"not\":\"multipart\"}".getBytes()).when().post("/probe/upload").then().extract().response();
        refusedCleanly(r, 400, "INVALID_INPUT");
        given().auth().oauth2(ws.token()).multiPart("note", "hello").when().post("/probe/upload")
                .then().statusCode(200).body("note", is("hello"));
    }

    @Test
    void aValueThatPostgresqlCannotStoreIsA400NotA500() {
        // untyped member names are not checked by the JSON rules; PostgreSQL's refusal (22P05) is the client's fault
        refusedCleanly(post("/probe/stored", "{\"k\\u0000\":1}"), 400, "INVALID_INPUT");
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"k\":1}")
                .when().post("/probe/stored").then().statusCode(200);
    }

    @Test
    void aRequestWhoseConnectionIsTerminatedIsA503WithRetryAfter() throws Exception {
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> given().auth().oauth2(ws.token())
                .when().get("/probe/slow").then().extract().response());
        long killed = 0;
        for (int i = 0; i < 50 && killed == 0; i++) {
            Thread.sleep(100);
            killed = ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database()"
                            + " and query like '%kit-probe-slow%' and pid <> pg_backend_pid()").getSingleResult())).longValue();
        }
        assertEquals(1, killed);
        Response r = slow.get(20, TimeUnit.SECONDS);
        refusedCleanly(r, 503, "SERVICE_UNAVAILABLE");
        assertEquals("1", r.header("Retry-After"));
    }
}
