package dev.agentplane.execution.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Kafka killed (SIGKILL) and restarted while two workspaces' executions are being turned into deliveries: every
 * execution of each workspace reaches that workspace's receiver, signed with its secret, and none reaches the other's.
 * The broker is this test's own ({@link PrivateKafka}), so killing it disturbs no other test on the machine.
 */
@QuarkusTest
@TestProfile(WebhookKafkaRestartTest.OwnBroker.class)
@QuarkusTestResource(WireMockResource.class)
class WebhookKafkaRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateKafka.class));
        }
    }

    @Inject
    Fakes fakes;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "test.private-kafka.dir")
    String brokerDir;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    private record Tenant(TestTokens.Workspace ws, String hookId, String secret, String path, String agent,
                          Set<String> executions) {
    }

    private Tenant tenant() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String path = "/hooks/" + Fakes.marker();
        var created = WebhooksApiTest.create(ws, Map.of("url", "http://127.0.0.1:" + port + path,
                "events", List.of("agent.executed"))).statusCode(201).extract().jsonPath();
        fakes.wm().register(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
        return new Tenant(ws, created.getString("id"), created.getString("secret"), path, fakes.agent(ws),
                new HashSet<>());
    }

    private void execute(Tenant t) {
        String marker = Fakes.marker();
        fakes.llm(marker, "answer " + marker, 3, 2);
        t.executions().add(given().auth().oauth2(t.ws().token()).contentType("application/json")
                .body(Map.of("message", marker)).post("/v1/agents/" + t.agent() + "/execute").then().statusCode(200)
                .extract().path("execution_id"));
    }

    private List<JsonNode> received(Tenant t) {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : WebhookReceiver.requests(fakes.wm(), t.path())) {
            try {
                assertTrue(WebhookReceiver.verifies(t.secret(), r), "signed with this workspace's secret");
                bodies.add(JSON.readTree(r.getBodyAsString()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return bodies;
    }

    private Set<String> executionIds(List<JsonNode> bodies) {
        Set<String> ids = new HashSet<>();
        bodies.forEach(b -> ids.add(b.path("data").path("execution_id").asText()));
        return ids;
    }

    @Test
    void kafkaKilledAndRestartedDuringDeliveriesLosesNothingAndCrossesNoWorkspace() {
        assertEquals("127.0.0.1:" + PrivateKafka.at(brokerDir).port(), String.valueOf(kafkaConfig.get("bootstrap.servers")),
                "the service runs on the test's own broker");
        Tenant a = tenant();
        Tenant b = tenant();
        PrivateKafka.Broker broker = PrivateKafka.at(brokerDir);

        // before: executions whose events are on their way when the broker dies
        for (int i = 0; i < 3; i++) {
            execute(a);
            execute(b);
        }
        broker.kill();
        // while it is down: executes still answer (their events wait in the outbox)
        for (int i = 0; i < 3; i++) {
            execute(a);
            execute(b);
        }
        broker.startBroker();
        // after: the restarted broker carries new events too
        for (int i = 0; i < 2; i++) {
            execute(a);
            execute(b);
        }

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                executionIds(received(a)).containsAll(a.executions()) && executionIds(received(b)).containsAll(b.executions()));
        // nothing lost (the sets are equal) and nothing crossed over (no other id arrived)
        assertEquals(a.executions(), executionIds(received(a)));
        assertEquals(b.executions(), executionIds(received(b)));
        assertEquals(8, a.executions().size());
        for (Tenant t : List.of(a, b)) {
            for (JsonNode body : received(t)) {
                assertEquals("agent.executed", body.path("type").asText());
                assertEquals(t.agent(), body.path("data").path("agent_id").asText());
            }
            // one delivery row per execution: a Kafka redelivery after the restart added none
            assertEquals(8, given().auth().oauth2(t.ws().token()).get("/v1/webhooks/" + t.hookId() + "/deliveries")
                    .then().statusCode(200).extract().jsonPath().getInt("pagination.total"));
        }
    }
}
