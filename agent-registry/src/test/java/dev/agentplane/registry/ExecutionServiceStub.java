package dev.agentplane.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The execution, knowledge and billing services at the wire: by default no agent has active executions, no workspace
 * has provider credentials or an agent limit, and every knowledge base exists; tests stub exceptions per agent id, credential name or base.
 */
public class ExecutionServiceStub implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().containerThreads(8));
        server.start();
        server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/internal/executions/active")).atPriority(10)
                .willReturn(WireMock.okJson("{\"agent_id\":\"any\",\"active\":0}")));
        // no workspace has provider credentials unless a test says so
        server.stubFor(WireMock.get(WireMock.urlPathMatching("/internal/providers/.*")).atPriority(10)
                .willReturn(WireMock.aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"code\":\"PROVIDER_CREDENTIAL_NOT_FOUND\",\"status\":404}")));
        // knowledge-service: every knowledge base exists unless a test says otherwise
        server.stubFor(WireMock.post(WireMock.urlPathEqualTo("/internal/knowledge-bases/lookup")).atPriority(10)
                .willReturn(WireMock.okJson("{\"found\":[],\"missing\":[]}")));
        // billing: no agent limit unless a test says so
        server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/internal/workspace/agent-limits")).atPriority(10)
                .willReturn(WireMock.okJson("{\"workspace_id\":\"any\",\"tier\":\"enterprise\",\"max_agents\":-1}")));
        return Map.of("quarkus.rest-client.execution-service.url", server.baseUrl(),
                "quarkus.rest-client.knowledge-service.url", server.baseUrl(),
                "quarkus.rest-client.billing-service.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
