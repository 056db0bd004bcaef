package dev.agentplane.billing;

import dev.agentplane.kit.apikey.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** Without AGENTPLANE_ADMIN_KEY the operator key is generated, written once to the run directory, and works. */
@QuarkusTest
@TestProfile(GeneratedOperatorKeyTest.NoConfiguredKey.class)
class GeneratedOperatorKeyTest {
    static final Path RUN_DIR = Path.of("target", "run-" + ProcessHandle.current().pid());

    /** No operator key in the configuration; a run directory to write the generated one to. */
    public static class NoConfiguredKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agentplane.admin-key", "", "agentplane.run-dir", RUN_DIR.toString());
        }
    }

    @Test
    void theGeneratedKeyIsWrittenPrivatelyAndOpensTheAdminApi() throws Exception {
        Path file = RUN_DIR.resolve("admin-key");
        String key = Files.readString(file).strip();
        assertTrue(ApiKeys.wellFormed(key) && key.startsWith("adm_"), key);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        given().header("X-API-Key", key).get("/v1/admin/tiers").then().statusCode(200);
        given().header("X-API-Key", Fixtures.OPERATOR_KEY).get("/v1/admin/tiers").then().statusCode(401);
    }
}
