package dev.agentplane.kit;

import dev.agentplane.kit.testing.TestDatabase;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;

/** After PostgreSQL dropped every connection (a restart, a failover), the pool's dead connections fail no request. */
@QuarkusTest
class ConnectionLossTest {
    @Inject
    EntityManager em;

    @Test
    void requestsAfterTheDatabaseDroppedThePoolsConnectionsSucceed() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        // several pooled connections, each used once
        IntStream.range(0, 8).parallel().forEach(n -> given().auth().oauth2(ws.token())
                .when().post("/probe/events/before-" + UUID.randomUUID()).then().statusCode(200));

        TestDatabase.terminateConnections(em);
        Thread.sleep(1_500); // longer than the pool's foreground validation interval (1 s)

        // as many at once as before, so that the dead connections are borrowed too
        for (int round = 0; round < 3; round++) {
            IntStream.range(0, 8).parallel().forEach(n -> given().auth().oauth2(ws.token())
                    .when().post("/probe/events/after-" + UUID.randomUUID()).then().statusCode(200));
        }
    }
}
