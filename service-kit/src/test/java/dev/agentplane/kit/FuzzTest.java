package dev.agentplane.kit;

import dev.agentplane.kit.testing.EndpointFuzz;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

@QuarkusTest
class FuzzTest {
    @TestFactory
    Stream<DynamicTest> everyOperationRefusesBadInputCleanly() {
        // the probe's deliberate crash and its five-second sleep are not input handling
        return EndpointFuzz.withToken(TestTokens.newWorkspace().token())
                .skipping("GET /probe/fail/{kind}", "GET /probe/slow").tests();
    }
}
