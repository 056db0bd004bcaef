package dev.agentplane.attachments;

import dev.agentplane.kit.testing.EndpointFuzz;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** Every operation in this service's OpenAPI document, sent bad input: no 5xx, no class names, nothing slow. */
@QuarkusTest
class FuzzTest {
    @TestFactory
    Stream<DynamicTest> everyOperationRefusesBadInputCleanly() {
        return EndpointFuzz.forWorkspace(TestTokens.newWorkspace()).tests();
    }
}
