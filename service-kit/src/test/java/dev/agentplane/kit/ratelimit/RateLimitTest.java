package dev.agentplane.kit.ratelimit;

import dev.agentplane.kit.auth.Claims;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Limits per workspace from Redis, atomically, with the X-RateLimit-* and IETF fields. */
@QuarkusTest
class RateLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @Inject
    RateLimitPolicies policies;

    private final String workspace = "ws_" + UUID.randomUUID().toString().substring(0, 12);

    private String token(String tier, String... scopes) {
        return Jwt.subject("u").groups(Set.of(scopes.length == 0 ? new String[]{Scopes.WORKSPACE} : scopes))
                .claim(Claims.TENANT, "ten_rl").claim(Claims.WORKSPACE, workspace).claim(Claims.TIER, tier)
                .expiresIn(600).sign();
    }

    private void limit(long perMinute, long perDay) {
        policies.putWorkspace(workspace, "custom", new TierLimits(perMinute, perDay)).await().atMost(WAIT);
    }

    @Test
    void theLimitGives429AtExactlyItsNumberWithHeaders() {
        limit(3, 1000);
        String token = token("team");
        for (int i = 1; i <= 3; i++) {
            given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200)
                    .header("X-RateLimit-Limit", "3").header("X-RateLimit-Remaining", String.valueOf(3 - i))
                    .header("X-RateLimit-Reset", matchesPattern("\\d{10}"))
                    .header("RateLimit-Policy", "\"minute\";q=3;w=60, \"day\";q=1000;w=86400")
                    .header("RateLimit", startsWith("\"minute\";r=" + (3 - i) + ";t="));
        }
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(429)
                .contentType("application/problem+json").body("code", is("RATE_LIMIT_EXCEEDED"))
                .header("Retry-After", matchesPattern("\\d{1,2}")).header("X-RateLimit-Remaining", "0");
    }

    @Test
    void theDayWindowIsReportedWhenItBindsAndAChangeAppliesAtOnce() {
        limit(60, 2);
        String token = token("free");
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200)
                .header("X-RateLimit-Limit", "2").header("X-RateLimit-Remaining", "1")
                .header("RateLimit", startsWith("\"day\";r=1;"));
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200);
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+"));
        limit(60, 5);
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(200)
                .header("X-RateLimit-Remaining", "2");
    }

    @Test
    void concurrentRequestsNeverExceedTheQuota() throws Exception {
        limit(10, 1000);
        String token = token("team");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(token).when().get("/probe/me").statusCode()));
            }
            int ok = 0;
            for (Future<Integer> call : calls) {
                ok += call.get() == 200 ? 1 : 0;
            }
            assertEquals(10, ok);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theTierDefaultsApplyUntilBillingWritesAPolicyAndUnlimitedHasNoFields() {
        given().auth().oauth2(token("solo")).when().get("/probe/me").then().statusCode(200)
                .header("X-RateLimit-Limit", "100").header("RateLimit-Policy", containsString("q=500;w=86400"));
        limit(-1, -1);
        given().auth().oauth2(token("solo")).when().get("/probe/me").then().statusCode(200)
                .header("X-RateLimit-Limit", nullValue());
    }

    @Test
    void serviceCallsAndAnonymousOnesAreNotCounted() {
        limit(1, 1);
        given().auth().oauth2(token("team", Scopes.SERVICE)).when().get("/probe/fail/domain").then().statusCode(409)
                .header("X-RateLimit-Limit", nullValue());
        given().when().get("/probe/fail/domain").then().statusCode(409).header("X-RateLimit-Limit", nullValue());
        given().auth().oauth2(token("team")).when().get("/probe/me").then().statusCode(200);
        given().auth().oauth2(TestTokens.newWorkspace().token()).when().get("/probe/me").then().statusCode(200)
                .header("X-RateLimit-Limit", "500");
    }
}
