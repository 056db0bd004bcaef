package dev.agentplane.sessions.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The agent registry at the wire: unknown agents answer 404 AGENT_NOT_FOUND, configs are valid
 * unless their name is "broken" (then the registry lists two errors). Tests add agents with {@link #agent}.
 */
public class RegistryStub implements QuarkusTestResourceLifecycleManager {
    /** An agent id for which the registry answers 500. */
    public static final String FAILING = "registry-fails";
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/internal/agents/[^/]+")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"code\":\"AGENT_NOT_FOUND\",\"title\":\"Not Found\"}")));
        server.stubFor(get(urlPathEqualTo("/internal/agents/" + FAILING)).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        server.stubFor(post(urlPathEqualTo("/internal/agents/validate")).atPriority(10)
                .willReturn(json("{\"valid\":true,\"errors\":[]}")));
        server.stubFor(post(urlPathEqualTo("/internal/agents/validate")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.name", WireMock.equalTo("broken")))
                .willReturn(json("{\"valid\":false,\"errors\":[{\"pointer\":\"/llm_config/model\",\"message\":"
                        + "\"model is required\"},{\"pointer\":\"/edges/0/to\",\"message\":\"unknown node 'x'\"}]}")));
        return Map.of("quarkus.rest-client.agent-registry.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Makes the registry know an agent at the given current version. */
    public static void agent(String id, int version, String name) {
        server.stubFor(get(urlPathEqualTo("/internal/agents/" + id)).atPriority(1)
                .willReturn(json("{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"version\":" + version
                        + ",\"system_prompt\":\"You help.\",\"llm_config\":{\"model\":\"sim\"},"
                        + "\"config\":{\"enable_memory\":true,\"enable_history\":true,\"num_history_runs\":3},"
                        + "\"tools\":[],\"structured_output\":null,\"system_config\":null}")));
    }

    /** How many validate calls carried the given agent name. */
    public static int validations(String name) {
        return server.findAll(WireMock.postRequestedFor(urlPathEqualTo("/internal/agents/validate"))
                .withRequestBody(matchingJsonPath("$.name", WireMock.equalTo(name)))).size();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
