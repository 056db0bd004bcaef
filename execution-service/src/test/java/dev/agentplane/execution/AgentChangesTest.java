package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
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
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** The registry's agent.deleted / agent.updated drop what this replica cached of the agent. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class AgentChangesTest {
    @Inject
    Fakes fakes;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private io.restassured.response.ValidatableResponse run(String session, String marker) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/sessions/" + session + "/execute").then();
    }

    @Test
    void aDeletedAgentsCachedVersionIsNotRunAgain() throws Exception {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);  // pinned to version 3, kept for 10 minutes once read
        String marker = Fakes.marker();
        fakes.llm(marker, "still here", 2, 1);
        run(session, marker).statusCode(200);

        fakes.wm().register(get(urlPathEqualTo("/internal/agents/" + agent + "/versions/3")).atPriority(1)
                .willReturn(WireMockResource.problem(404, "AGENT_NOT_FOUND")));
        run(session, marker).statusCode(200).body("output.text", is("still here"));

        String deleted = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"agent.deleted\",\"source\":\"agent-registry\","
                + "\"time\":\"2026-01-01T00:00:00Z\",\"tenant\":\"" + ws.tenantId() + "\",\"workspace\":\""
                + ws.workspaceId() + "\",\"subject\":\"" + agent + "\",\"data\":{\"agent_id\":\"" + agent + "\"}}";
        try (KafkaProducer<String, String> producer = TestKafka.producer(kafkaConfig)) {
            // the replica's own group reads from the end: sent again until it has joined
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                producer.send(new ProducerRecord<>(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("agentplane.topic-prefix", String.class) + "agent.events", agent, deleted)).get();
                run(session, marker).statusCode(404).body("code", is("AGENT_NOT_FOUND"));
            });
        }
    }
}
