package dev.agentplane.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.agentplane.e2e.support.Platform;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One execute is one trace (issue 25): bin/test turns the services' tracing on with their OTLP/HTTP exporter aimed at
 * 127.0.0.1:4318, where this test's collector reads the export requests. An execute in a session, sent with a
 * traceparent of the test's choosing, leaves spans of that trace in execution-service, the registry (its agent
 * lookup), session-service (context and append) and billing-service, whose settlement consumes agent.executed from
 * Kafka (the outbox relay carries the traceparent as a record header).
 */
class TracesE2ETest {
    static final int COLLECTOR_PORT = 4318;
    static final List<ResourceSpans> RECEIVED = new CopyOnWriteArrayList<>();
    static final List<String> REFUSED = new CopyOnWriteArrayList<>();
    static HttpServer collector;

    @BeforeAll
    static void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", COLLECTOR_PORT), 0);
        collector.createContext("/", exchange -> {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                RECEIVED.addAll(ExportTraceServiceRequest.parseFrom(body).getResourceSpansList());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException | RuntimeException e) {
                REFUSED.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().entrySet() + ": " + e);
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        collector.start();
    }

    @AfterAll
    static void stopCollector() {
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void oneExecuteIsOneTraceThroughEveryServiceItTouched() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = ws.newAgent("You are traced.", 50);
        String session = ws.given().contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        SecureRandom random = new SecureRandom();
        String traceId = HexFormat.of().formatHex(random.generateSeed(16));
        String parent = HexFormat.of().formatHex(random.generateSeed(8));

        ws.given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-" + parent + "-01")
                .body(Map.of("message", "Trace me")).when().post("/v1/sessions/" + session + "/execute")
                .then().statusCode(200).body("status", is("completed"));

        Set<String> expected = Set.of("execution-service", "agent-registry", "session-service", "billing-service");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<Span>> byService = spansOf(traceId);
            assertTrue(byService.keySet().containsAll(expected), "services in the trace: " + byService.keySet()
                    + "; received " + RECEIVED.size() + " resource spans of traces " + traceIds() + "; refused " + REFUSED);
            assertTrue(byService.get("billing-service").stream().anyMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER),
                    "billing's settlement consumed agent.executed in the trace: " + names(byService.get("billing-service")));
        });
        // the execute's server span is a child of the caller's span: the trace continues the client's
        assertTrue(spansOf(traceId).get("execution-service").stream()
                .anyMatch(s -> HexFormat.of().formatHex(s.getParentSpanId().toByteArray()).equals(parent)));
    }

    private static Map<String, List<Span>> spansOf(String traceId) {
        return RECEIVED.stream().flatMap(resource -> resource.getScopeSpansList().stream()
                        .map(ScopeSpans::getSpansList).flatMap(List::stream)
                        .filter(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(traceId))
                        .map(s -> Map.entry(serviceName(resource), s)))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    private static Set<String> traceIds() {
        return RECEIVED.stream().flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream())
                .map(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray())).collect(Collectors.toSet());
    }

    private static String serviceName(ResourceSpans resource) {
        return resource.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
                .map(KeyValue::getValue).map(v -> v.getStringValue()).findFirst().orElse("?");
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }
}
