package dev.agentplane.simulator;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/**
 * The simulator tells which key each request carried, limits a key named rpm<N> to N requests a minute and one named
 * tpm<N> to N tokens (window<S>s: a window of S seconds).
 */
@QuarkusTest
class KeysAndLimitsTest {
    private static String body(String text) {
        return "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void theKeyOfEachRequestIsRecorded() {
        String marker = "m" + UUID.randomUUID();
        given().contentType("application/json").header("Authorization", "Bearer sk-one").body(body(marker))
                .post("/v1/chat/completions").then().statusCode(200);
        given().contentType("application/json").body(body(marker + " [sim:error=500]"))
                .post("/v1/chat/completions").then().statusCode(500);
        given().get("/sim/requests?contains=" + marker).then().statusCode(200)
                .body("requests", hasSize(2), "requests[0].key", is("sk-one"), "requests[0].status", is(200),
                        "requests[1].key", nullValue(), "requests[1].status", is(500));
        given().get("/sim/requests").then().statusCode(400);
    }

    @Test
    void aKeyNamedRpmNGetsNRequestsAMinuteThen429WithResetHeaders() {
        String key = "sk-test-rpm2-" + UUID.randomUUID();
        for (int remaining = 1; remaining >= 0; remaining--) {
            given().contentType("application/json").header("Authorization", "Bearer " + key).body(body("hi"))
                    .post("/v1/chat/completions").then().statusCode(200)
                    .header("x-ratelimit-limit-requests", "2")
                    .header("x-ratelimit-remaining-requests", String.valueOf(remaining))
                    .header("x-ratelimit-reset-requests", endsWith("ms"));
        }
        given().contentType("application/json").header("Authorization", "Bearer " + key).body(body("hi"))
                .post("/v1/chat/completions").then().statusCode(429)
                .header("x-ratelimit-remaining-requests", "0")
                .header("Retry-After", matchesPattern("[1-6]?[0-9]"))
                .body("error.type", is("rate_limit_exceeded"));
        // another key is not limited by it
        given().contentType("application/json").header("Authorization", "Bearer sk-test-rpm2-other").body(body("hi"))
                .post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void aKeyNamedStatusNnnAlwaysFailsWithIt() {
        given().contentType("application/json").header("Authorization", "Bearer sk-status503-x").body(body("hi"))
                .post("/v1/chat/completions").then().statusCode(503).body("error.type", is("server_error"));
        given().contentType("application/json").header("Authorization", "Bearer sk-fine").body(body("hi"))
                .post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void aKeyNamedTpmNMayUseNTokensAWindowCountingPromptAndMaxTokens() {
        String key = "sk-test-tpm50-window90s-" + UUID.randomUUID();
        // "hi": 2 characters, a token, and max_tokens 20: 21 tokens a request
        String body = "{\"model\":\"sim-1\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String remaining : new String[]{"29", "8"}) {
            given().contentType("application/json").header("Authorization", "Bearer " + key).body(body)
                    .post("/v1/chat/completions").then().statusCode(200)
                    .header("x-ratelimit-limit-tokens", "50").header("x-ratelimit-remaining-tokens", remaining)
                    .header("x-ratelimit-reset-tokens", endsWith("ms"))
                    .header("x-ratelimit-limit-requests", nullValue());
        }
        given().contentType("application/json").header("Authorization", "Bearer " + key).body(body)
                .post("/v1/chat/completions").then().statusCode(429)
                .header("x-ratelimit-remaining-tokens", "8")
                .header("Retry-After", matchesPattern("(8[0-9]|90)"))
                .body("error.type", is("rate_limit_exceeded"), "error.message", containsString("tokens"));
    }
}
