package dev.agentplane.billing;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** POST /v1/auth/token and the RFC 8725 checks every service applies to bearer tokens. */
@QuarkusTest
class TokenExchangeTest {

    @Test
    void aKeyIsExchangedForAShortLivedTokenThatWorks() {
        Fixtures.Account acc = Fixtures.account("team", 700);
        var answer = acc.asKey().post("/v1/auth/token").then().statusCode(200)
                .body("token_type", is("Bearer"), "expires_in", is(900), "scope", is("workspace")).extract();
        String token = answer.path("access_token");
        given().auth().oauth2(token).get("/v1/credits").then().statusCode(200).body("balance", is(700));
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\"") && header.contains("\"typ\":\"JWT\""), header);
        for (String expected : new String[]{"\"workspace\":\"" + acc.workspaceId() + "\"", "\"tenant\":\"" + acc.tenantId() + "\"",
                "\"tier\":\"team\"", "\"iss\":\"agentplane\"", "\"aud\":\"agentplane\"", "\"groups\":[\"workspace\"]",
                "\"sub\":\"key:" + acc.keyId() + "\"", "\"jti\":"}) {
            assertTrue(claims.contains(expected), expected + " in " + claims);
        }
    }

    @Test
    void revokingTheKeyRevokesTheTokensExchangedForIt() {
        Fixtures.Account acc = Fixtures.account("team", 0);
        String token = acc.asKey().post("/v1/auth/token").then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get("/v1/credits").then().statusCode(200);
        acc.asKey().delete("/v1/api-keys/" + acc.keyId()).then().statusCode(204);
        given().auth().oauth2(token).get("/v1/credits").then().statusCode(401);
    }

    @Test
    void onlyAnApiKeyCanBeExchanged() {
        given().auth().oauth2(TestTokens.newWorkspace().token()).post("/v1/auth/token").then().statusCode(401)
                .body("code", is("UNAUTHORIZED"));
        given().post("/v1/auth/token").then().statusCode(401);
        given().header("X-API-Key", "wak_garbage").post("/v1/auth/token").then().statusCode(401);
    }

    @Test
    void expiredForeignAndAlgorithmConfusedTokensAreRefused() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 0);
        var claims = Jwt.subject("key:x").groups(Set.of("workspace")).claim("workspace", acc.workspaceId())
                .claim("tenant", acc.tenantId());
        String expired = Jwt.subject("key:x").groups(Set.of("workspace")).claim("workspace", acc.workspaceId())
                .issuedAt(1_000).expiresAt(2_000).sign();
        var foreignPair = KeyPairGenerator.getInstance("RSA");
        foreignPair.initialize(2048);
        String foreign = claims.expiresIn(300).sign(foreignPair.generateKeyPair().getPrivate());
        String wrongIssuer = Jwt.issuer("someone-else").subject("key:x").groups(Set.of("workspace"))
                .claim("workspace", acc.workspaceId()).expiresIn(300).sign();
        String hmac = Jwt.subject("key:x").groups(Set.of("workspace")).claim("workspace", acc.workspaceId())
                .expiresIn(300).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret("a-shared-secret-that-is-long-enough-for-hs256");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"x\",\"iss\":\"agentplane\","
                + "\"aud\":\"agentplane\",\"groups\":[\"workspace\"],\"workspace\":\"" + acc.workspaceId()
                + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}").getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        for (String bad : new String[]{expired, foreign, wrongIssuer, hmac, none}) {
            given().auth().oauth2(bad).get("/v1/credits").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        }
        assertNotNull(Map.of());
    }
}
