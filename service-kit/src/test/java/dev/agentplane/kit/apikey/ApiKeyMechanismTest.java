package dev.agentplane.kit.apikey;

import dev.agentplane.kit.testing.TestKafka;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** X-API-Key through the kit: checksum first, then the Redis cache, then billing (stubbed at the wire). */
@QuarkusTest
@QuarkusTestResource(BillingStub.class)
class ApiKeyMechanismTest {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;
    @Inject
    ApiKeyCache cache;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "agentplane.topic-prefix")
    String topicPrefix;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private String stubKey(String prefix, String scope) {
        String key = ApiKeys.generate(prefix);
        BillingStub.server.stubFor(post("/internal/api-keys/verify")
                .withRequestBody(matchingJsonPath("$.key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(key)))
                .willReturn(okJson("{\"key_id\":\"key_" + key.substring(4, 12) + "\",\"tenant_id\":\"" + ws.tenantId()
                        + "\",\"workspace_id\":\"" + ws.workspaceId() + "\",\"scopes\":[\"" + scope
                        + "\"],\"tier\":\"team\",\"allowed_agents\":[\"a1\"]}")));
        return key;
    }

    private int verifyCalls(String key) {
        return BillingStub.server.countRequestsMatching(postRequestedFor(urlEqualTo("/internal/api-keys/verify"))
                .withRequestBody(containing(key)).build()).getCount();
    }

    @Test
    void aValidKeyActsForItsWorkspaceAndIsVerifiedOnce() {
        String key = stubKey(ApiKeys.WORKSPACE_PREFIX, "workspace");
        for (int i = 0; i < 3; i++) {
            given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200)
                    .body("workspace_id", is(ws.workspaceId()), "tenant_id", is(ws.tenantId()),
                            "scopes", contains("workspace"), "key_id", startsWith("key_"), "allowed_agents", contains("a1"));
        }
        assertEquals(1, verifyCalls(key), "later requests must be served from the Redis cache");
        BillingStub.server.verify(postRequestedFor(urlEqualTo("/internal/api-keys/verify"))
                .withHeader("Authorization", matching("Bearer .+")));
    }

    @Test
    void eachProcessHoldsAKeyOnlyForItsLocalTtlInFrontOfRedis() throws Exception {
        String key = stubKey(ApiKeys.WORKSPACE_PREFIX, "workspace");
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200);
        // what Redis says now (unknown, as after a revocation whose event this process missed) is
        // seen once the process's own copy (local-ttl, 2 s) has expired
        redis.value(String.class).setex(ApiKeyCache.cacheKey(ApiKeys.hash(key)), 60, cache.entry(ApiKeys.hash(key), null));
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200);
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(401));
        assertEquals(1, verifyCalls(key));
    }

    @Test
    void aCacheEntryPlantedInRedisWithoutItsMacLetsNoOneIn() {
        String key = ApiKeys.generate(ApiKeys.WORKSPACE_PREFIX);
        BillingStub.server.stubFor(post("/internal/api-keys/verify").withRequestBody(containing(key))
                .willReturn(aResponse().withStatus(404)));
        String planted = "{\"key_id\":\"key_planted\",\"tenant_id\":\"" + ws.tenantId() + "\",\"workspace_id\":\""
                + ws.workspaceId() + "\",\"scopes\":[\"workspace\"],\"tier\":\"enterprise\"}";
        String slot = ApiKeyCache.cacheKey(ApiKeys.hash(key));
        // what a process that can write to Redis could plant: the bare entry, one with a made-up MAC, and a
        // genuine entry of another key copied to this key's slot
        String other = stubKey(ApiKeys.WORKSPACE_PREFIX, "workspace");
        given().header("X-API-Key", other).when().get("/probe/me").then().statusCode(200);
        String genuineOfOther = redis.value(String.class).get(ApiKeyCache.cacheKey(ApiKeys.hash(other)));
        for (String entry : new String[]{planted, "AAAA." + planted, genuineOfOther}) {
            redis.value(String.class).setex(slot, 60, entry);
            given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(401)
                    .body("code", is("UNAUTHORIZED"));
            redis.key(String.class).del(slot);
            cache.evict(ApiKeys.hash(key)).await().indefinitely();
        }
        assertEquals(3, verifyCalls(key), "each planted entry was ignored: billing was asked");
    }

    @Test
    void manyRequestsArrivingAtOnceWithANewKeyShareOneLookup() throws Exception {
        String key = ApiKeys.generate(ApiKeys.WORKSPACE_PREFIX);
        BillingStub.server.stubFor(post("/internal/api-keys/verify").withRequestBody(containing(key))
                .willReturn(okJson("{\"key_id\":\"key_" + key.substring(4, 12) + "\",\"tenant_id\":\"" + ws.tenantId()
                        + "\",\"workspace_id\":\"" + ws.workspaceId() + "\",\"scopes\":[\"workspace\"],\"tier\":\"team\"}")
                        .withFixedDelay(500)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(40);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> given().header("X-API-Key", key).when().get("/probe/me").statusCode()));
            }
            for (var answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, verifyCalls(key));
    }

    @Test
    void malformedKeysAreRefusedWithoutAnyLookup() {
        String good = ApiKeys.generate(ApiKeys.WORKSPACE_PREFIX);
        String typo = good.substring(0, 10) + (good.charAt(10) == 'a' ? 'b' : 'a') + good.substring(11);
        for (String bad : new String[]{typo, "wak_short", "nonsense", good + "x"}) {
            given().header("X-API-Key", bad).when().get("/probe/me").then().statusCode(401)
                    .contentType("application/problem+json").body("code", is("UNAUTHORIZED"));
            assertEquals(0, verifyCalls(bad.length() > 12 ? bad.substring(0, 12) : bad));
        }
    }

    @Test
    void unknownKeysAre401AndScopesBecomeRoles() {
        String unknown = ApiKeys.generate(ApiKeys.WORKSPACE_PREFIX);
        BillingStub.server.stubFor(post("/internal/api-keys/verify").withRequestBody(containing(unknown))
                .willReturn(aResponse().withStatus(404)));
        given().header("X-API-Key", unknown).when().get("/probe/me").then().statusCode(401);
        String executeKey = stubKey(ApiKeys.EXECUTION_PREFIX, "execute");
        given().header("X-API-Key", executeKey).when().get("/probe/me").then().statusCode(200);
        given().header("X-API-Key", executeKey).contentType("application/json").body("{\"name\":\"a\"}")
                .when().post("/probe/things").then().statusCode(403).body("code", is("FORBIDDEN"));
    }

    @Test
    void billingDownIsA503NotA401() {
        String key = ApiKeys.generate(ApiKeys.WORKSPACE_PREFIX);
        BillingStub.server.stubFor(post("/internal/api-keys/verify").withRequestBody(containing(key))
                .willReturn(aResponse().withStatus(500)));
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(503)
                .body("code", is("SERVICE_UNAVAILABLE"));
    }

    @Test
    void whenBillingCannotAnswerTheLastAnswerServesUntilTheKeyIsRevoked() {
        String key = stubKey(ApiKeys.WORKSPACE_PREFIX, "workspace");
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200);
        // the shared cache entry has expired and billing is down
        redis.key(String.class).del(ApiKeyCache.cacheKey(ApiKeys.hash(key)));
        BillingStub.server.stubFor(post("/internal/api-keys/verify").withRequestBody(containing(key))
                .willReturn(aResponse().withStatus(500)));
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200)
                    .body("workspace_id", is(ws.workspaceId()));
            assertEquals(2, verifyCalls(key), "served after billing was asked and failed, not from the fresh copy");
        });
        cache.evict(ApiKeys.hash(key)).await().indefinitely();
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(503)
                .body("code", is("SERVICE_UNAVAILABLE"));
    }

    @Test
    void workspaceHeaderMustMatchTheKey() {
        String key = stubKey(ApiKeys.WORKSPACE_PREFIX, "workspace");
        given().header("X-API-Key", key).header("X-Workspace-Id", "workspace:" + ws.workspaceId())
                .when().get("/probe/me").then().statusCode(200);
        given().header("X-API-Key", key).header("X-Workspace-Id", ws.workspaceId())
                .when().get("/probe/me").then().statusCode(200);
        given().header("X-API-Key", key).header("X-Workspace-Id", "ws_someone_else")
                .when().get("/probe/me").then().statusCode(403).body("code", is("WORKSPACE_MISMATCH"));
        given().auth().oauth2(ws.token()).header("X-Workspace-Id", "ws_someone_else")
                .when().get("/probe/me").then().statusCode(403).body("code", is("WORKSPACE_MISMATCH"));
    }

    @Test
    void aRevokedEventEvictsTheCachedKeyAndRefusesItsTokens() throws Exception {
        String key = stubKey(ApiKeys.WORKSPACE_PREFIX, "workspace");
        String keyId = "key_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String exchanged = io.smallrye.jwt.build.Jwt.subject("key:" + keyId).groups(java.util.Set.of("workspace"))
                .claim("workspace", ws.workspaceId()).claim("tenant", ws.tenantId()).claim("kid_ref", keyId)
                .expiresIn(600).sign();
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200);
        given().auth().oauth2(exchanged).when().get("/probe/me").then().statusCode(200);
        // billing now knows the key as revoked; only the cache still says yes (the test TTL is long)
        BillingStub.server.stubFor(post("/internal/api-keys/verify").withRequestBody(containing(key))
                .willReturn(aResponse().withStatus(404)));
        given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(200);
        String event = "{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"api-key.revoked\",\"source\":\"test\","
                + "\"time\":\"2026-01-01T00:00:00Z\",\"workspace\":\"" + ws.workspaceId() + "\",\"data\":{\"key_id\":\"" + keyId + "\","
                + "\"key_hash\":\"" + ApiKeys.hash(key) + "\"}}";
        try (KafkaProducer<String, String> producer = TestKafka.producer(kafkaConfig)) {
            producer.send(new ProducerRecord<>(topicPrefix + "billing.access", ws.workspaceId(), event)).get();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().header("X-API-Key", key).when().get("/probe/me").then().statusCode(401));
        // a token exchanged for the revoked key stops working too
        given().auth().oauth2(exchanged).when().get("/probe/me").then().statusCode(401);
        given().auth().oauth2(ws.token()).when().get("/probe/me").then().statusCode(200);
    }

    @Test
    void theFormatChecksItsChecksum() {
        String key = ApiKeys.generate(ApiKeys.EXECUTION_PREFIX);
        assertTrue(ApiKeys.wellFormed(key));
        assertEquals(42, key.length());
        assertTrue(key.startsWith("eak_"));
        assertFalse(ApiKeys.wellFormed("xak_" + key.substring(4)));
        assertEquals(64, ApiKeys.hash(key).length());
    }
}
