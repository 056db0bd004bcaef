package dev.agentplane.kit.redis;

import dev.agentplane.kit.apikey.BillingStub;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis that would lose idempotency keys and streams on a restart, or evict them, is named at start. */
@QuarkusTest
@QuarkusTestResource(BillingStub.class)
class RedisDurabilityTest {
    @Inject
    RedisDurability durability;
    @Inject
    RedisDataSource redis;

    @Test
    void readsTheRealSettingsOfTheRedisInUse() {
        RedisDurability.Report report = durability.check().await().atMost(Duration.ofSeconds(10));
        // what Redis itself says, read another way
        String aof = redis.execute("CONFIG", "GET", "appendonly").get("appendonly").toString();
        String policy = redis.execute("CONFIG", "GET", "maxmemory-policy").get("maxmemory-policy").toString();
        assertEquals(aof, report.settings().get("appendonly"), report.toString());
        assertEquals(policy, report.settings().get("maxmemory-policy"), report.toString());
        assertEquals(RedisDurability.assess(report.settings()), report.problems());
        assertEquals("yes".equals(aof) && "noeviction".equals(policy), report.durable(), report.toString());
    }

    @Test
    void aofWithFsyncEverySecondAndNoEvictionIsDurable() {
        assertEquals(List.of(), RedisDurability.assess(Map.of("appendonly", "yes", "appendfsync", "everysec",
                "save", "", "maxmemory-policy", "noeviction")));
        assertEquals(List.of(), RedisDurability.assess(Map.of("appendonly", "yes", "appendfsync", "always")));
    }

    @Test
    void persistenceOffEvictionAndLazyFsyncAreEachNamed() {
        List<String> off = RedisDurability.assess(Map.of("appendonly", "no", "save", "", "maxmemory-policy", "allkeys-lru"));
        assertEquals(2, off.size(), off.toString());
        assertTrue(off.get(0).contains("persistence is off"), off.toString());
        assertTrue(off.get(1).contains("allkeys-lru"), off.toString());
        // volatile-* evicts keys with a TTL: exactly the idempotency keys
        assertTrue(RedisDurability.assess(Map.of("appendonly", "yes", "maxmemory-policy", "volatile-ttl"))
                .get(0).contains("volatile-ttl"));
        assertTrue(RedisDurability.assess(Map.of("appendonly", "no", "save", "3600 1")).get(0).contains("RDB snapshot"));
        assertTrue(RedisDurability.assess(Map.of("appendonly", "yes", "appendfsync", "no")).get(0).contains("appendfsync is no"));
    }

    @Test
    void withConfigDisabledInfoPersistenceStillTells() {
        Map<String, String> settings = new HashMap<>();
        RedisDurability.infoFallback("# Persistence\r\nloading:0\r\naof_enabled:1\r\naof_rewrite_in_progress:0\r\n", settings);
        assertEquals("yes", settings.get("appendonly"));
        assertEquals(List.of(), RedisDurability.assess(settings));
        assertTrue(RedisDurability.assess(Map.of()).get(0).contains("unknown"), "nothing readable is said, not guessed");
    }
}
