package dev.agentplane.kit.config;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** A replica whose JWT keys cannot be loaded is not ready, and says which setting is wrong but not its value. */
@QuarkusTest
@TestProfile(RequiredSettingsTest.KeysMissing.class)
class RequiredSettingsTest {
    static final String GARBAGE_KEY = "/tmp/agentplane-kit-test-not-a-key.pem";

    public static class KeysMissing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.writeString(Path.of(GARBAGE_KEY), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("mp.jwt.verify.publickey.location", "/nonexistent/agentplane/public.pem",
                    "smallrye.jwt.sign.key.location", GARBAGE_KEY);
        }
    }

    @Test
    void notReadyNamingTheSettingsNotTheirValues() {
        String body = given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'required-settings' }.status", is("DOWN"))
                .body("checks.find { it.name == 'required-settings' }.data.error", allOf(
                        containsString("mp.jwt.verify.publickey.location cannot be loaded"),
                        containsString("smallrye.jwt.sign.key.location cannot be loaded")))
                .extract().asString();
        assertFalse(body.contains("nonexistent") || body.contains("not a key"), body);
    }

    /** Keys at plain file paths, as bin/up, Compose and Kubernetes give them, load (they once did not: bin/up's platform never became ready). */
    @Test
    void keysAtFilePathsLoad() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        Path dir = Files.createTempDirectory("agentplane-keys");
        Path pub = dir.resolve("public.pem");
        Path priv = dir.resolve("private.pem");
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n" + b64.encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(priv, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        RequiredSettings check = new RequiredSettings();
        check.production = false;
        check.config = new SmallRyeConfigBuilder().withDefaultValues(Map.of(
                "mp.jwt.verify.publickey.location", pub.toString(),
                "smallrye.jwt.sign.key.location", "file:" + priv)).build();
        assertEquals(java.util.List.of(), check.problems());
    }

    @Test
    void inProductionTheApiKeyCacheMacKeyIsRequiredToo() {
        RequiredSettings check = new RequiredSettings();
        check.production = true;
        check.config = new SmallRyeConfigBuilder().withDefaultValues(Map.of(
                "mp.jwt.verify.publickey.location", "/nonexistent/agentplane/public.pem",
                RequiredSettings.CACHE_MAC_KEY, "too-short")).build();
        assertEquals(java.util.List.of("mp.jwt.verify.publickey.location cannot be loaded",
                "smallrye.jwt.sign.key.location is not set",
                "agentplane.api-key.cache-mac-key is not set (at least 32 characters)"), check.problems());
        check.production = false;
        assertFalse(check.problems().stream().anyMatch(p -> p.contains("cache-mac-key")));
    }
}
