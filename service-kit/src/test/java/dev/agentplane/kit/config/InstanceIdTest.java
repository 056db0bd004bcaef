package dev.agentplane.kit.config;

import dev.agentplane.kit.apikey.BillingStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocations and tier changes must reach every replica's memory: each process reads billing.access in a
 * Kafka group of its own (with one group per service, Kafka would hand each event to one replica).
 */
@QuarkusTest
@QuarkusTestResource(BillingStub.class)
class InstanceIdTest {
    @ConfigProperty(name = InstanceId.KEY)
    String instance;
    @ConfigProperty(name = "mp.messaging.incoming.kit-billing-access.group.id")
    String revocationsGroup;
    @ConfigProperty(name = "mp.messaging.incoming.kit-billing-access.commit-strategy")
    String commits;

    @Test
    void everyProcessReadsBillingAccessInAGroupOfItsOwn() {
        assertTrue(instance.matches(".+-[0-9a-f]{8}"), instance);
        assertEquals(new InstanceId().getValue(InstanceId.KEY), instance, "one name for the process's life");
        assertTrue(revocationsGroup.endsWith("-kit-" + instance), revocationsGroup);
        assertEquals("ignore", commits, "a group of one process keeps no offsets behind it");
    }
}
