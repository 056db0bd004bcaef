package dev.agentplane.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * An OpenAI-compatible embeddings endpoint at the wire: 8-dimensional vectors, one axis per topic word, so that
 * search over them means something; "POISON" in an input is refused (400), "EXPIRED" answers 401.
 */
public class OpenAiEmbeddingsStub implements QuarkusTestResourceLifecycleManager {
    static final String MODEL = "test-embed-8";
    static final String KEY = "sk-test-7f3a9c";
    static final List<String> TOPICS = List.of("vacation", "vpn", "espresso", "parking", "printer", "badge", "lunch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new TopicVectors()));
        server.start();
        server.stubFor(post("/v1/embeddings").withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(aResponse().withTransformers("topic-vectors")));
        server.stubFor(post("/v1/embeddings").withRequestBody(containing("POISON")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"input rejected\",\"type\":\"invalid_request_error\"}}")));
        server.stubFor(post("/v1/embeddings").withRequestBody(containing("EXPIRED")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"bad key\"}}")));
        return Map.of("agentplane.knowledge.embeddings.openai.base-url", server.baseUrl() + "/v1",
                "agentplane.knowledge.embeddings.openai.model", MODEL,
                "agentplane.knowledge.embeddings.openai.api-key", KEY,
                "agentplane.knowledge.embeddings.openai.dimensions", "8");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** One vector per input, in the request's order: a count per topic word, plus a constant axis. */
    public static final class TopicVectors implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
                ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", MODEL);
                ArrayNode data = answer.putArray("data");
                for (int i = 0; i < request.path("input").size(); i++) {
                    String text = request.path("input").get(i).asText().toLowerCase(Locale.ROOT);
                    ArrayNode v = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
                    TOPICS.forEach(t -> v.add(text.split(t, -1).length - 1));
                    v.add(0.1);
                }
                // serialised here: WireMock's standalone jar has its own (relocated) Jackson
                return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(JSON.writeValueAsString(answer)).build();
            } catch (Exception e) {
                return ResponseDefinition.notFound();
            }
        }

        @Override
        public String getName() {
            return "topic-vectors";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
