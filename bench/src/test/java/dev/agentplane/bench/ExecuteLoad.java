package dev.agentplane.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * One benchmark scenario, chosen by system properties so that the simulator alone and the full
 * platform are measured with the same generator in the same run:
 * target=simulator → POST {simulator}/v1/chat/completions; target=gateway → POST
 * {gateway}/v1/agents/{agent}/execute. mode=open → constant arrival rate; mode=serial → one request
 * in flight at a time.
 */
public class ExecuteLoad extends Simulation {
    private static final String TARGET = System.getProperty("target", "gateway");
    private static final String MODE = System.getProperty("mode", "open");
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "50"));
    private static final int SECONDS = Integer.parseInt(System.getProperty("seconds", "30"));
    private static final int LATENCY_MS = Integer.parseInt(System.getProperty("llmLatencyMs", "50"));
    private static final String GATEWAY = System.getProperty("gateway", "http://127.0.0.1:8080");
    private static final String SIMULATOR = System.getProperty("simulator", "http://127.0.0.1:8190");
    private static final String AGENT = System.getProperty("agent", "bench-agent");
    private static final String API_KEY = System.getProperty("apiKey", "");

    private final String message = "Benchmark request [sim:latency=" + LATENCY_MS + "ms] [sim:tokens=16]";

    private final HttpProtocolBuilder protocol = http.baseUrl("gateway".equals(TARGET) ? GATEWAY : SIMULATOR)
            .contentTypeHeader("application/json").acceptHeader("application/json").shareConnections()
            .disableCaching();

    private ScenarioBuilder load() {
        if ("gateway".equals(TARGET)) {
            return scenario("execute via gateway").exec(http("execute")
                    .post("/v1/agents/" + AGENT + "/execute").header("X-API-Key", API_KEY)
                    .body(StringBody("{\"message\":\"" + message + "\"}"))
                    .check(status().is(200), jsonPath("$.status").is("completed")));
        }
        return scenario("simulator alone").exec(http("chat completion")
                .post("/v1/chat/completions")
                .body(StringBody("{\"model\":\"sim-1\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a benchmark agent.\"},"
                        + "{\"role\":\"user\",\"content\":\"" + message + "\"}]}"))
                .check(status().is(200)));
    }

    {
        if ("serial".equals(MODE)) {
            setUp(load().injectClosed(constantConcurrentUsers(1).during(Duration.ofSeconds(SECONDS))))
                    .protocols(protocol);
        } else {
            setUp(load().injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
                    .protocols(protocol);
        }
    }
}
