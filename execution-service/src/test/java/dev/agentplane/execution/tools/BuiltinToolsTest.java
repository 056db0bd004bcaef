package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.execution.tools.http.AddressGuard;
import dev.agentplane.execution.tools.http.GuardedHttp;
import dev.agentplane.execution.tools.http.HostResolver;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.junit.jupiter.api.Assertions.*;

/** Each built-in tool through the seam ({@link Tools}), against real servers on loopback. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class BuiltinToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Tools tools;
    @Inject
    GuardedHttp http;
    @Inject
    dev.agentplane.execution.tools.ToolsConfig config;

    private final String workspace = "ws_" + UUID.randomUUID();
    private final ToolContext context = new ToolContext(
            new Caller("u1", "t1", workspace, Set.of(), "team", Set.of(), null),
            "exe_" + UUID.randomUUID(), "agent-1", null);

    private WireMock server() {
        return new WireMock("127.0.0.1", ToolServersResource.http.port());
    }

    private String base() {
        return "http://127.0.0.1:" + ToolServersResource.http.port();
    }

    private ToolResult call(String name, String arguments) {
        return tools.run(context, new ToolCall("call_" + UUID.randomUUID(), name, arguments));
    }

    private JsonNode answered(ToolResult result) throws Exception {
        assertFalse(result.error(), result.content());
        return JSON.readTree(result.content());
    }

    @AfterEach
    void restoreGuard() {
        http.useGuard(new AddressGuard(config.http().allowedRanges().orElse(List.of()), HostResolver.SYSTEM));
    }

    @Test
    void theAgentsDeclarationsChooseWhatIsOffered() {
        List<ToolSpec> offered = tools.offered(context, JSON.createArrayNode().add("calculator")
                .add(JSON.createObjectNode().put("name", "current_time")).add("delete_records").add("teleport"));
        assertEquals(List.of("calculator", "current_time"), offered.stream().map(ToolSpec::name).toList());
        assertEquals("object", offered.get(0).parameters().path("type").asText());
        assertTrue(tools.offered(context, null).isEmpty());
        ToolResult unknown = call("delete_records", "{}");
        assertTrue(unknown.error());
    }

    @Test
    void calculatorEvaluatesExpressions() throws Exception {
        assertEquals(20, answered(call("calculator", "{\"expression\": \"(2+3)*4\"}")).path("result").asInt());
        assertEquals("2.5", answered(call("calculator", "{\"expression\": \"5 / 2\"}")).path("result").asText());
        assertEquals(1024, answered(call("calculator", "{\"expression\": \"2^10\"}")).path("result").asInt());
        assertEquals(3, answered(call("calculator", "{\"expression\": \"sqrt(9)\"}")).path("result").asInt());
        assertTrue(call("calculator", "{\"expression\": \"1/0\"}").error());
        assertTrue(call("calculator", "{\"expression\": \"Runtime.exec('x')\"}").error());
        assertTrue(call("calculator", "{}").error());
        assertTrue(call("calculator", "not json").error());
        assertTrue(call("calculator", "{\"expression\": \"" + "1+".repeat(600) + "1\"}").content().contains("longer"));
    }

    @Test
    void currentTimeInAZone() throws Exception {
        JsonNode berlin = answered(call("current_time", "{\"timezone\": \"Europe/Berlin\"}"));
        assertEquals("Europe/Berlin", berlin.path("timezone").asText());
        assertTrue(berlin.path("utc_offset").asText().matches("\\+0[12]:00"), berlin.toString());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(berlin.path("unix").asLong() - now) < 60);
        assertEquals("UTC", answered(call("current_time", "{}")).path("timezone").asText());
        ToolResult bad = call("current_time", "{\"timezone\": \"Mars/Olympus\"}");
        assertTrue(bad.error() && bad.content().contains("IANA"), bad.content());
    }

    @Test
    void httpRequestReachesAnAllowedServer() throws Exception {
        server().register(post(urlPathEqualTo("/orders")).withHeader("X-Trace", equalTo("t1"))
                .withRequestBody(equalToJson("{\"item\": 7}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"o-1\"}")));
        JsonNode answer = answered(call("http_request", JSON.writeValueAsString(java.util.Map.of("url", base() + "/orders",
                "method", "POST", "headers", java.util.Map.of("X-Trace", "t1", "Host", "evil.example"),
                "body", "{\"item\": 7}"))));
        assertEquals(201, answer.path("status").asInt());
        assertEquals("{\"id\": \"o-1\"}", answer.path("body").asText());
        assertEquals("application/json", answer.path("headers").path("content-type").asText());
        server().verifyThat(1, postRequestedFor(urlPathEqualTo("/orders")).withHeader("Host",
                equalTo("127.0.0.1:" + ToolServersResource.http.port())));
    }

    @Test
    void httpRequestRefusesLoopbackInEverySpellingWithoutTheAllowance() throws Exception {
        http.useGuard(new AddressGuard(List.of(), HostResolver.SYSTEM));
        server().register(get(urlPathEqualTo("/secret")).willReturn(ok("secret")));
        int port = ToolServersResource.http.port();
        for (String host : List.of("127.0.0.1", "[::1]", "2130706433", "0x7f.1", "localhost")) {
            ToolResult result = call("http_request", "{\"url\": \"http://" + host + ":" + port + "/secret\"}");
            assertTrue(result.error(), host);
            assertTrue(result.content().startsWith("Refused"), host + ": " + result.content());
        }
        server().verifyThat(0, getRequestedFor(urlPathEqualTo("/secret")));
    }

    @Test
    void aRedirectToADisallowedAddressIsRefused() throws Exception {
        int port = ToolServersResource.http.port();
        server().register(get(urlPathEqualTo("/hop")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "/landed")));
        server().register(get(urlPathEqualTo("/landed")).willReturn(ok("here")));
        assertEquals("here", answered(call("http_request", "{\"url\": \"" + base() + "/hop\"}")).path("body").asText());

        for (String target : List.of("http://127.0.0.2:" + port + "/landed", "http://[::1]:" + port + "/landed",
                "http://169.254.169.254/latest/meta-data/")) {
            String path = "/away-" + UUID.randomUUID();
            server().register(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(302).withHeader("Location", target)));
            ToolResult result = call("http_request", "{\"url\": \"" + base() + path + "\"}");
            assertTrue(result.error() && result.content().startsWith("Refused a redirect"), target + ": " + result.content());
        }
        ToolResult scheme = call("http_request", "{\"url\": \"file:///etc/passwd\"}");
        assertTrue(scheme.error() && scheme.content().contains("http"), scheme.content());
    }

    @Test
    void httpRequestCutsOffLargeAndSlowAnswers() throws Exception {
        server().register(get(urlPathEqualTo("/big")).willReturn(ok("x".repeat(1024 * 1024 + 10))));
        ToolResult big = call("http_request", "{\"url\": \"" + base() + "/big\"}");
        assertTrue(big.error() && big.content().contains("larger than 1048576"), big.content());
        server().register(get(urlPathEqualTo("/fits")).willReturn(ok("y".repeat(1024 * 1024))));
        assertEquals(1024 * 1024, answered(call("http_request", "{\"url\": \"" + base() + "/fits\"}")).path("body").asText().length());
    }

    @Test
    void webSearchAsksTheConfiguredProvider() throws Exception {
        server().register(get(urlPathEqualTo("/search")).withQueryParam("q", equalTo("quarkus tools"))
                .withQueryParam("count", equalTo("2")).withHeader("Authorization", equalTo("Bearer search-key"))
                .willReturn(okJson("{\"results\": [{\"title\": \"A\", \"url\": \"https://a.example\", \"snippet\": \"first\"},"
                        + "{\"title\": \"B\", \"link\": \"https://b.example\", \"description\": \"second\"},"
                        + "{\"title\": \"C\", \"url\": \"https://c.example\"}]}")));
        JsonNode answer = answered(call("web_search", "{\"query\": \"quarkus tools\", \"max_results\": 2}"));
        assertEquals(2, answer.path("results").size());
        assertEquals("https://b.example", answer.path("results").get(1).path("url").asText());
        assertEquals("second", answer.path("results").get(1).path("snippet").asText());

        server().register(get(urlPathEqualTo("/search")).withQueryParam("q", equalTo("broken"))
                .willReturn(aResponse().withStatus(503)));
        ToolResult failed = call("web_search", "{\"query\": \"broken\"}");
        assertTrue(failed.error() && failed.content().contains("503"), failed.content());
        assertTrue(call("web_search", "{}").error());
    }

    @Test
    void sendEmailReachesTheSmtpServer() throws Exception {
        String to = "jane+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode answer = answered(call("send_email", JSON.writeValueAsString(java.util.Map.of("to", to,
                "subject", "Quarterly numbers", "body", "Revenue is up."))));
        assertTrue(answer.path("sent").asBoolean());
        MimeMessage received = null;
        for (MimeMessage m : ToolServersResource.smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(to)) {
                received = m;
            }
        }
        assertNotNull(received);
        assertEquals("Quarterly numbers", received.getSubject());
        assertEquals("agents@agentplane.test", received.getFrom()[0].toString());
        assertTrue(received.getContent().toString().contains("Revenue is up."));

        for (String bad : List.of("{\"to\": \"a@b.com, c@d.com\", \"subject\": \"s\", \"body\": \"b\"}",
                "{\"to\": \"a@b.com\", \"subject\": \"s\\r\\nBcc: x@y.com\", \"body\": \"b\"}",
                "{\"to\": \"a@b.com\", \"subject\": \"s\"}")) {
            assertTrue(call("send_email", bad).error(), bad);
        }
    }
}
