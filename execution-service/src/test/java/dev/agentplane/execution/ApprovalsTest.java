package dev.agentplane.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Seed 004's confirmations and seed 002's governance: a call that needs a person suspends the run as
 * awaiting_approval; a decision runs it (with the edited arguments) or rejects it; all rejected cancels the run.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class ApprovalsTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private String agent(String tool, String maxRisk, Consumer<ObjectNode> more) {
        return fakes.agent(ws, a -> {
            a.putArray("tools").add(tool);
            a.put("maturity_level", "student").put("max_risk", maxRisk);
            more.accept(a);
        });
    }

    private String suspendedOnEmail(String marker, String agent) {
        fakes.llmTools(marker, Map.of("send_email", "{\"to\":\"jane@acme.test\",\"subject\":\"Password Reset " + marker
                + "\",\"body\":\"Reset it here\"}"), "The email is on its way", 10, 4);
        return given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Email Jane " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200)
                .body("status", is("awaiting_approval"), "pending_actions", hasSize(1),
                        "pending_actions[0].kind", is("approval"), "pending_actions[0].tool", is("send_email"),
                        "pending_actions[0].arguments.subject", is("Password Reset " + marker),
                        "pending_actions[0].reason", containsString("requires confirmation"),
                        "pending_actions[0].answer_schema.properties.confirmed.type", is("boolean"),
                        "version", greaterThan(1))
                .extract().path("execution_id");
    }

    /** Seed 002's execute has no approvals: a run stopped for one answers its 403 GOVERNANCE_VIOLATION, and waits. */
    @Test
    void anAtomExecuteThatNeedsAnApprovalIsAGovernanceViolation() {
        String marker = Fakes.marker();
        String agent = agent("send_email", "critical", a -> { });
        fakes.llmTools(marker, Map.of("send_email", "{\"to\":\"jane@acme.test\",\"subject\":\"Hi\",\"body\":\"x\"}"),
                "sent", 10, 4);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("task", "Email Jane " + marker)).when().post("/api/agents/" + agent + "/execute")
                .then().statusCode(403)
                .body("success", is(false), "error.code", is("GOVERNANCE_VIOLATION"),
                        "error.message", allOf(containsString("send_email"), containsString("/approval")))
                .extract().path("error.message");
        String executionId = id.replaceAll(".*execution (\\S+) waits.*", "$1");
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + executionId).then().statusCode(200)
                .body("status", is("awaiting_approval"), "agent_id", is(agent));
    }

    @Test
    void aConfirmationRunsTheCallWithTheEditedArgumentsOnce() throws Exception {
        String marker = Fakes.marker();
        String id = suspendedOnEmail(marker, agent("send_email", "critical", a -> { }));
        List<Sse.Event> events = Sse.parse(given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id + "/events")
                .then().statusCode(200).extract().asString());
        assertEquals(List.of("start", "approval_required", "suspended"), events.stream().map(Sse.Event::type).toList());
        assertEquals("send_email", events.get(1).data().getString("name"));
        // the hold stays while the approval may come: until the action expires (24 h by default), plus an hour
        String holdUntil = fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/extend"))
                .withRequestBody(matchingJsonPath("$.hold_until"))).get(0).getBodyAsString();
        java.time.Instant until = java.time.Instant.parse(new io.restassured.path.json.JsonPath(holdUntil).getString("hold_until"));
        assertTrue(until.isAfter(java.time.Instant.now().plus(Duration.ofHours(24)).plusSeconds(3500)), holdUntil);
        int version = given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id + "/pending-actions")
                .then().statusCode(200).body("status", is("awaiting_approval"), "items.tool_call_id", contains("call_0"))
                .extract().path("version");

        TestTokens.Workspace other = TestTokens.newWorkspace();
        Map<String, Object> confirm = Map.of("decisions", List.of(Map.of("tool_call_id", "call_0", "confirmed", true,
                "tool_args", Map.of("to", "jane@acme.test", "subject", "Password Reset Instructions " + marker,
                "body", "Reset it here"))));
        given().auth().oauth2(other.token()).contentType("application/json").body(confirm)
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(404);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "success"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(409).body("code", is("WRONG_ACTION_KIND"));
        given().auth().oauth2(ws.token()).contentType("application/json").header("If-Match", "\"" + (version - 1) + "\"")
                .body(confirm).when().post("/v1/executions/" + id + "/approval").then().statusCode(409)
                .body("code", is("STALE_EXECUTION_VERSION"), "version", is(version));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", "call_0", "confirmed", true, "tool_args", "x"))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(400);

        given().auth().oauth2(ws.token()).contentType("application/json").header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", "decide-" + marker).body(confirm)
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(202)
                .body("status", is("in_progress"), "open_tool_calls", empty(), "version", greaterThan(version));
        // the same request again (a lost answer retried): the same answer, nothing runs twice
        given().auth().oauth2(ws.token()).contentType("application/json").header("Idempotency-Key", "decide-" + marker)
                .body(confirm).when().post("/v1/executions/" + id + "/approval").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("completed"), "output.text", is("The email is on its way"), "pending_actions", empty()));
        given().auth().oauth2(ws.token()).contentType("application/json").body(confirm)
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(409)
                .body("code", is("ACTION_ALREADY_ANSWERED"), "outcome", is("confirmed"));
        MimeMessage[] sent = Arrays.stream(ToolServersResource.smtp.getReceivedMessages())
                .filter(m -> subject(m).contains(marker)).toArray(MimeMessage[]::new);
        assertEquals(1, sent.length, "the confirmed email went out once");
        assertEquals("Password Reset Instructions " + marker, sent[0].getSubject(), "with the arguments the person gave");
    }

    @Test
    void rejectingEveryCallCancelsTheRunAndReleasesItsCredits() {
        String marker = Fakes.marker();
        String id = suspendedOnEmail(marker, agent("send_email", "critical", a -> { }));
        List<Sse.Event> rest = Sse.parse(given().auth().oauth2(ws.token()).contentType("application/json")
                .accept("text/event-stream")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", "call_0", "confirmed", false))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(200).extract().asString());
        assertEquals("error", rest.get(rest.size() - 1).type());
        assertEquals("cancelled", rest.get(rest.size() - 1).data().getString("status"));
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then()
                .body("status", is("cancelled"), "error.message", is("Tool execution cancelled by user."),
                        "output.text", is("Tool execution cancelled by user."));
        fakes.wm().verifyThat(1, postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/release")));
        assertEquals(0, Arrays.stream(ToolServersResource.smtp.getReceivedMessages())
                .filter(m -> subject(m).contains(marker)).count(), "a rejected email never goes out");
    }

    @Test
    void aCallAboveTheMaturityLevelWaitsForApprovalAndRejectedTheRunGoesOn() {
        String marker = Fakes.marker();
        ToolServersResource.http.stubFor(WireMock.get("/status").willReturn(okJson("{\"ok\":true}")));
        String agent = agent("http_request", "low", a -> { });
        fakes.llmToolsTwice(marker, "http_request", "{\"url\":\"http://127.0.0.1:" + ToolServersResource.http.port()
                + "/status\"}", "{\"url\":\"http://127.0.0.1:" + ToolServersResource.http.port() + "/status?second\"}");
        fakes.llmTools(marker, Map.of("unused", "{}"), "Checked one", 10, 4);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Check " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).body("status", is("awaiting_approval"),
                        "pending_actions.tool_call_id", contains("call_0", "call_1"),
                        "pending_actions[0].reason", containsString("above what a student agent may call unattended"))
                .extract().path("execution_id");
        // one confirmed, one rejected: the confirmed call runs, the model hears of the rejection, the run completes
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", "call_1", "confirmed", false))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(202)
                .body("status", is("awaiting_approval"), "open_tool_calls", contains("call_0"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", "call_0", "confirmed", true))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then()
                .body("status", is("completed"), "steps.findAll { it.type == 'tool_call' }.error", contains(true, false),
                        "steps.findAll { it.type == 'tool_call' }[0].content", containsString("REJECTED_BY_USER")));
        ToolServersResource.http.verify(1, getRequestedFor(urlEqualTo("/status")));
        ToolServersResource.http.verify(0, getRequestedFor(urlEqualTo("/status?second")));
    }

    @Test
    void governanceDenyRefusesTheCallToTheModel() {
        String marker = Fakes.marker();
        String agent = agent("http_request", "low", a -> ((ObjectNode) a.get("config")).put("governance", "deny"));
        fakes.llmTools(marker, Map.of("http_request", "{\"url\":\"http://127.0.0.1:" + ToolServersResource.http.port()
                + "/denied\"}"), "I may not do that", 10, 4);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Fetch " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).body("status", is("completed"), "output.text", is("I may not do that"),
                        "steps.findAll { it.type == 'tool_call' }[0].content", startsWith("GOVERNANCE_VIOLATION"))
                .extract().path("execution_id");
        assertTrue(fakes.llmRequests(marker).stream().anyMatch(r -> r.getBodyAsString().contains("GOVERNANCE_VIOLATION")),
                "the model is told why");
        ToolServersResource.http.verify(0, getRequestedFor(urlEqualTo("/denied")));
        List<Sse.Event> events = Sse.parse(given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id + "/events")
                .then().statusCode(200).extract().asString());
        assertTrue(events.stream().anyMatch(e -> e.type().equals("tool_result")
                && "GOVERNANCE_VIOLATION".equals(e.data().getString("code"))), "the refusal is an event");
    }

    @Test
    void anExpiredApprovalTakesItsDefaultOutcome() {
        String marker = Fakes.marker();
        String agent = agent("send_email", "critical", a -> { });
        fakes.llmTools(marker, Map.of("send_email", "{\"to\":\"a@b.test\",\"subject\":\"x\",\"body\":\"y\"}"), "unused", 10, 4);
        String cancelled = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Email " + marker, "pending_action_ttl", 1, "on_expiry", "cancel"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("awaiting_approval")).extract().path("execution_id");
        String failed = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Email again " + marker, "pending_action_ttl", 1, "on_expiry", "fail"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("awaiting_approval")).extract().path("execution_id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().auth().oauth2(ws.token()).when().get("/v1/executions/" + cancelled).then()
                    .body("status", is("cancelled"), "error.message", containsString("expired"));
            given().auth().oauth2(ws.token()).when().get("/v1/executions/" + failed).then()
                    .body("status", is("failed"), "error.code", is("PENDING_ACTION_EXPIRED"));
        });
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", "call_0", "confirmed", true))))
                .when().post("/v1/executions/" + cancelled + "/approval").then().statusCode(409)
                .body("code", is("ACTION_ALREADY_ANSWERED"), "outcome", is("expired"));
    }

    @Test
    void aNewExecuteOnASuspendedSessionIsRefusedNamingTheSuspendedRun() {
        String marker = Fakes.marker();
        String agent = agent("send_email", "critical", a -> { });
        String session = fakes.session(ws, agent, null);
        fakes.llmTools(marker, Map.of("send_email", "{\"to\":\"a@b.test\",\"subject\":\"x\",\"body\":\"y\"}"), "Sent", 10, 4);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Email " + marker)).when().post("/v1/sessions/" + session + "/execute")
                .then().statusCode(200).body("status", is("awaiting_approval")).extract().path("execution_id");
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Something else")).when().post("/v1/sessions/" + session + "/execute")
                .then().statusCode(409).body("code", is("SESSION_BUSY"), "active_execution_id", is(id),
                        "active_execution_status", is("awaiting_approval"), "detail", containsString(id));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", "call_0", "confirmed", false))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(200).body("status", is("cancelled"));
        fakes.llm(Fakes.marker(), "unused", 1, 1);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Now " + marker)).when().post("/v1/sessions/" + session + "/execute")
                .then().statusCode(not(409));
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }
}
