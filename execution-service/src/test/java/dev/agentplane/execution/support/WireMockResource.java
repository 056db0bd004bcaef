package dev.agentplane.execution.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One WireMock server stands in, at the wire, for agent-registry, session-service, billing-service and
 * the LLM providers. Defaults answer "not found" for unknown agents and sessions and accept every credit
 * call; tests add their own stubs (matched on the service token of their workspace or a marker).
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().templatingEnabled(true).globalTemplating(false)
                .containerThreads(40));
        server.start();
        WireMock wm = new WireMock("localhost", server.port());
        defaults(wm);
        String base = "http://localhost:" + server.port();
        return Map.ofEntries(
                Map.entry("test.wiremock.port", String.valueOf(server.port())),
                Map.entry("quarkus.rest-client.agent-registry.url", base),
                Map.entry("quarkus.rest-client.session-service.url", base),
                Map.entry("quarkus.rest-client.billing-service.url", base),
                Map.entry("quarkus.rest-client.attachment-service.url", base),
                Map.entry("quarkus.rest-client.knowledge-service.url", base),
                Map.entry("agentplane.llm.providers.openai.base-url", base + "/v1"),
                Map.entry("agentplane.llm.providers.ollama.base-url", base),
                Map.entry("agentplane.llm.providers.anthropic.base-url", base + "/v1"),
                Map.entry("agentplane.llm.providers.anthropic.api-key", "sk-ant-test"),
                Map.entry("agentplane.llm.backoff", "20ms"),
                Map.entry("agentplane.llm.timeout", "10s"),
                Map.entry("agentplane.agents.current-ttl", "0s"),
                Map.entry("agentplane.streams.local-grace", "0s"),
                Map.entry("agentplane.sessions.enqueue-timeout", "20s"),
                Map.entry("agentplane.sessions.finishing-wait", "1s"));
    }

    static void defaults(WireMock wm) {
        wm.register(get(urlPathMatching("/internal/agents/.*")).atPriority(10)
                .willReturn(problem(404, "AGENT_NOT_FOUND")));
        wm.register(get(urlPathMatching("/internal/sessions/.*/context")).atPriority(10)
                .willReturn(problem(404, "SESSION_NOT_FOUND")));
        wm.register(post(urlPathMatching("/internal/sessions/.*/runs")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"appended\":2}")));
        wm.register(patch(urlPathMatching("/v1/sessions/[^/]+")).atPriority(10)
                .willReturn(okJson("{\"id\":\"ses\"}")));
        wm.register(post(urlPathEqualTo("/internal/memories")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"memories\":[],\"skipped\":0}")));
        wm.register(post(urlPathEqualTo("/internal/memories/search")).atPriority(10)
                .willReturn(okJson("{\"memories\":[]}")));
        // one vector [1,0,0] per text
        wm.register(post(urlPathEqualTo("/internal/embeddings")).atPriority(10)
                .willReturn(okJson("{\"model\":\"all-minilm-l6-v2\",\"dimensions\":3,\"embeddings\":["
                        + "{{#each (jsonPath request.body '$.texts') as |t|}}[1,0,0]{{#unless @last}},{{/unless}}{{/each}}]}")
                        .withTransformers("response-template")));
        // price = output tokens, so a reservation holds max_tokens and a charge equals the tokens produced
        wm.register(post(urlPathEqualTo("/internal/pricing/estimate")).atPriority(10)
                .willReturn(okJson("{\"model\":\"{{jsonPath request.body '$.model'}}\","
                        + "\"amount\":{{jsonPath request.body '$.output_tokens'}},"
                        + "\"breakdown\":[{\"item\":\"output\",\"amount\":{{jsonPath request.body '$.output_tokens'}} }],"
                        + "\"rule\":{\"model\":\"*\",\"output_token_price\":1}}")
                        .withTransformers("response-template")));
        wm.register(post(urlPathEqualTo("/internal/credits/reservations")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"execution_id\":\"{{jsonPath request.body '$.execution_id'}}\","
                                + "\"reserved\":{{jsonPath request.body '$.output_tokens'}},\"balance\":1000000,\"available\":999000,"
                                + "\"price\":{\"base_cost\":0,\"input_token_price\":0,\"output_token_price\":1}}")
                        .withTransformers("response-template")));
        wm.register(post(urlPathMatching("/internal/credits/reservations/.*/capture")).atPriority(10)
                .willReturn(okJson("{\"charged\":{{jsonPath request.body '$.output_tokens'}},\"released\":0,"
                        + "\"balance\":999000,\"available\":998765}").withTransformers("response-template")));
        wm.register(post(urlPathMatching("/internal/credits/reservations/.*/extend")).atPriority(10)
                .willReturn(okJson("{\"reserved\":100,\"available\":999000}")));
        wm.register(post(urlPathMatching("/internal/credits/reservations/.*/release")).atPriority(10)
                .willReturn(okJson("{\"released\":100}")));
        wm.register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(10)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"no stub for this prompt\",\"type\":\"invalid_request_error\"}}")));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":" + status + ",\"code\":\"" + code + "\",\"title\":\"x\"}");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
