package dev.agentplane.execution.provider;

import dev.agentplane.execution.keys.Aead;
import dev.agentplane.execution.keys.DataKey;
import dev.agentplane.execution.keys.DataKeys;
import dev.agentplane.execution.keys.MasterKeys;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Master key rotation: this replica's current key is NEW and it still knows OLD (the test profile's usual key).
 * Data keys wrapped by OLD are re-wrapped by NEW while calls go on; a data key under a key it does not have makes
 * it not ready.
 */
@QuarkusTest
@TestProfile(MasterKeyRotationTest.Rotating.class)
@QuarkusTestResource(WireMockResource.class)
class MasterKeyRotationTest {
    static final String OLD = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=";
    static final String NEW = Base64.getEncoder().encodeToString("a-new-test-master-key-32-bytes!!".getBytes(StandardCharsets.US_ASCII));

    public static class Rotating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agentplane.credentials.master-key", NEW, "agentplane.credentials.other-master-keys", OLD);
        }
    }

    @Inject
    EntityManager em;
    @Inject
    DataKeys dataKeys;
    @Inject
    Fakes fakes;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    /** A workspace whose credential was stored under {@code master} (as a replica on that key would have). */
    private String storeUnder(SecretKeySpec master, String workspace, String name, String apiKey) {
        String id = "prv_rot" + Long.toHexString(System.nanoTime());
        byte[] dataKey = Aead.randomKey();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into provider_data_key (workspace_id, master_key_id, wrapped_key, created_at)"
                            + " values (?1, ?2, ?3, ?4)").setParameter(1, workspace).setParameter(2, MasterKeys.id(master))
                    .setParameter(3, Aead.seal(master, dataKey, DataKey.associated(workspace)))
                    .setParameter(4, Instant.now()).executeUpdate();
            em.createNativeQuery("insert into provider_credential (id, workspace_id, name, provider, base_url,"
                            + " key_ciphertext, key_hint, revision, created_at, updated_at)"
                            + " values (?1, ?2, ?3, 'openai_compatible', ?4, ?5, '…', 1, now(), now())")
                    .setParameter(1, id).setParameter(2, workspace).setParameter(3, name)
                    .setParameter(4, "http://127.0.0.1:" + port + "/v1")
                    .setParameter(5, Aead.seal(new SecretKeySpec(dataKey, "AES"), apiKey.getBytes(StandardCharsets.UTF_8),
                            ProviderCredential.associated(workspace, id)))
                    .executeUpdate();
        });
        return id;
    }

    private String masterIdOf(String workspace) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select master_key_id from provider_data_key where workspace_id = ?1").setParameter(1, workspace)
                .getSingleResult());
    }

    /**
     * This replica re-wraps every data key under OLD, the other test classes' key, with NEW: rows left under NEW would
     * fail their readiness, so they go (the test database's workspaces are throwaway).
     */
    @AfterEach
    void forgetDataKeysUnderTheNewKey() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from provider_credential where workspace_id in (select workspace_id from"
                    + " provider_data_key where master_key_id = ?1)").setParameter(1, MasterKeys.id(MasterKeys.key(NEW)))
                    .executeUpdate();
            em.createNativeQuery("delete from provider_data_key where master_key_id = ?1")
                    .setParameter(1, MasterKeys.id(MasterKeys.key(NEW))).executeUpdate();
        });
    }

    @Test
    void dataKeysUnderTheOldMasterKeyAreRewrappedAndCallsGoOn() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String apiKey = ProviderCredentialsApiTest.key();
        storeUnder(MasterKeys.key(OLD), ws.workspaceId(), "legacy", apiKey);
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "legacy").put("model", "m1")
                .put("max_tokens", 20));
        String before = Fakes.marker();
        fakes.llm(before, "still works", 3, 2);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", before))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200);
        assertEquals("Bearer " + apiKey, fakes.llmRequests(before).get(0).getHeader("Authorization"));

        dataKeys.rewrap(); // the replica's scheduled re-wrap may have done it already
        assertEquals(MasterKeys.id(MasterKeys.key(NEW)), masterIdOf(ws.workspaceId()));
        String after = Fakes.marker();
        fakes.llm(after, "after the rotation", 3, 2);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", after))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200).body("output.text", is("after the rotation"));
        assertEquals("Bearer " + apiKey, fakes.llmRequests(after).get(0).getHeader("Authorization"));
        given().get("/q/health/ready").then().statusCode(200);
        // a new credential's data key is wrapped by the current key
        TestTokens.Workspace fresh = TestTokens.newWorkspace();
        ProviderCredentialsApiTest.create(fresh, Map.of("provider", "openai", "name", "mine", "api_key",
                ProviderCredentialsApiTest.key(), "base_url", "http://127.0.0.1:" + port + "/v1")).statusCode(201);
        assertEquals(MasterKeys.id(MasterKeys.key(NEW)), masterIdOf(fresh.workspaceId()));
    }

    /**
     * Without downtime: runs of workspaces whose data keys are under OLD start while this replica re-wraps them under
     * NEW (and again while it re-wraps again); every run answers with its workspace's key.
     */
    @Test
    void runsGoOnWhileTheDataKeysAreRewrapped() throws Exception {
        List<TestTokens.Workspace> spaces = new java.util.ArrayList<>();
        Map<String, String> agents = new java.util.HashMap<>();
        Map<String, String> keys = new java.util.HashMap<>();
        for (int i = 0; i < 8; i++) {
            TestTokens.Workspace ws = TestTokens.newWorkspace();
            String apiKey = ProviderCredentialsApiTest.key();
            storeUnder(MasterKeys.key(OLD), ws.workspaceId(), "legacy", apiKey);
            spaces.add(ws);
            keys.put(ws.workspaceId(), apiKey);
            agents.put(ws.workspaceId(), fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "legacy")
                    .put("model", "m1").put("max_tokens", 20)));
        }
        String marker = Fakes.marker();
        fakes.llm(marker, "during the rotation", 3, 2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (TestTokens.Workspace ws : spaces) {
                    runs.add(pool.submit(() -> given().auth().oauth2(ws.token()).contentType("application/json")
                            .body(Map.of("message", marker + " " + ws.workspaceId()))
                            .post("/v1/agents/" + agents.get(ws.workspaceId()) + "/execute").statusCode()));
                }
            }
            dataKeys.rewrap();
            dataKeys.rewrap();
            for (java.util.concurrent.Future<Integer> run : runs) {
                assertEquals(200, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (TestTokens.Workspace ws : spaces) {
            assertEquals(MasterKeys.id(MasterKeys.key(NEW)), masterIdOf(ws.workspaceId()));
            fakes.llmRequests(marker + " " + ws.workspaceId()).forEach(r ->
                    assertEquals("Bearer " + keys.get(ws.workspaceId()), r.getHeader("Authorization")));
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aDataKeyUnderAnUnknownMasterKeyFailsReadiness() {
        String workspace = "ws-wrong-" + System.nanoTime();
        SecretKeySpec stranger = MasterKeys.key(Base64.getEncoder().encodeToString(Aead.randomKey()));
        storeUnder(stranger, workspace, "orphan", ProviderCredentialsApiTest.key());
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'provider-credentials-master-key' }.status", is("DOWN"))
                    .body("checks.find { it.name == 'provider-credentials-master-key' }.data.error",
                            containsString(MasterKeys.id(stranger)));
            dataKeys.rewrap();
            assertEquals(MasterKeys.id(stranger), masterIdOf(workspace), "a key it cannot open is left as it is");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("delete from provider_credential where workspace_id = ?1").setParameter(1, workspace)
                        .executeUpdate();
                em.createNativeQuery("delete from provider_data_key where workspace_id = ?1").setParameter(1, workspace)
                        .executeUpdate();
            });
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void keysAreCheckedWhenTheyAreRead() {
        assertThrows(IllegalStateException.class, () -> MasterKeys.key("c2hvcnQ="));
        assertEquals(List.of(MasterKeys.id(MasterKeys.key(NEW)), MasterKeys.id(MasterKeys.key(OLD))),
                new MasterKeys(NEW, List.of(OLD, NEW)).ids());
    }
}
