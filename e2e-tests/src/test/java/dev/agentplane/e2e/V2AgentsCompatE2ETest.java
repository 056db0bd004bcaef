package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.*;

/** Seed 004's /v2/agents curl lines through the gateway: agents, chat (streamed and not), paused tools, commit, toolkit run. */
class V2AgentsCompatE2ETest {
    private static RequestSpecification curl(Platform.Workspace ws) {
        return Platform.anonymous().header("X-API-Key", ws.apiKey()).contentType("application/json");
    }

    @Test
    void createListGetBatchDelete() {
        Platform.Workspace ws = Platform.newWorkspace();
        String id = "code-reviewer-" + UUID.randomUUID().toString().substring(0, 6);
        curl(ws).body(Map.of("id", id, "name", "Code Reviewer Agent",
                        "template", "You are an expert code reviewer. Review code for bugs, security issues, and best practices.",
                        "description", "Reviews pull requests and code changes", "tags", List.of("engineering", "code-review"),
                        "config", Map.of("enable_memory", true, "enable_history", true, "num_history_runs", 5,
                                "enable_reasoning", true, "reasoning_min_steps", 2, "reasoning_max_steps", 8)))
                .when().post("/v2/agents").then().statusCode(201)
                .body("id", is(id), "version", is("1"), "message", is("Agent Code Reviewer Agent created successfully"),
                        "tags", contains("engineering", "code-review"));
        curl(ws).when().get("/v2/agents").then().statusCode(200).body("$", hasSize(1), "[0].id", is(id),
                "[0].template", startsWith("You are an expert code reviewer."), "[0].config.num_history_runs", is(5));
        curl(ws).when().get("/v2/agents/" + id).then().statusCode(200).body("config.reasoning_max_steps", is(8));
        curl(ws).body(Map.of("agent_ids", List.of(id, "sales-assistant"))).when().post("/v2/agents/batch").then()
                .statusCode(200).body("$", hasSize(1), "[0].id", is(id));
        curl(Platform.newWorkspace()).when().get("/v2/agents/" + id).then().statusCode(404);
        curl(ws).when().delete("/v2/agents/" + id).then().statusCode(200)
                .body("id", is(id), "message", is("Agent " + id + " deleted successfully"));
        curl(ws).when().get("/v2/agents/" + id).then().statusCode(404);
    }

    /** An agent whose send_email (requires_confirmation) pauses the chat; created through /v1 (004's create has no tools). */
    private static String supportAgent(Platform.Workspace ws) {
        String id = "customer-support-" + UUID.randomUUID().toString().substring(0, 6);
        ws.given().contentType("application/json").body(Map.of("id", id, "name", "Support",
                        "system_prompt", "Help customers.", "tools", List.of("send_email", "calculator"),
                        "maturity_level", "autonomous",
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    private static Map<String, Object> chat(String message, Boolean stream) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("message", message, "model", "gemini-2.5-pro",
                "user_id", "user-42", "session_id", "sess-abc123", "timezone", "America/New_York", "locale", "en-US",
                "user_profile", Map.of("email", "jane@acme.com", "full_name", "Jane Smith")));
        if (stream != null) {
            body.put("stream", stream);
        }
        return body;
    }

    @Test
    void chatPausesOnAConfirmationAndCommitResumesOrCancels() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = supportAgent(ws);
        curl(ws).body(chat("Hello [sim:reply=I can help you reset your password]", false))
                .when().post("/v2/agents/" + agent + "/chat").then().statusCode(200)
                .body("content", is("I can help you reset your password"), "status", is("completed"),
                        "agent_id", is(agent), "session_id", is("sess-abc123"), "run_id", notNullValue(), "tools", empty());
        String email = "Reset it [sim:tool=send_email] [sim:args={\"to\":\"jane@acme.com\",\"subject\":\"Password Reset\",\"body\":\"Go\"}]";
        io.restassured.response.Response paused = curl(ws).body(chat(email, false)).when().post("/v2/agents/" + agent + "/chat");
        paused.then().statusCode(200).body("status", is("paused"), "content", nullValue(), "tools", hasSize(1),
                "tools[0].tool_name", is("send_email"), "tools[0].requires_confirmation", is(true),
                "tools[0].tool_args.subject", is("Password Reset"), "tools[0].result", nullValue());
        String runId = paused.path("run_id");
        String call = paused.path("tools[0].tool_call_id");
        curl(ws).body(Map.of("run_id", runId, "stream", false, "user_id", "user-42", "session_id", "sess-abc123",
                        "updated_tools", List.of(Map.of("tool_call_id", call, "confirmed", true,
                                "tool_args", Map.of("to", "jane@acme.com", "subject", "Password Reset Instructions", "body", "Go")))))
                .when().post("/v2/agents/" + agent + "/chat/commit").then().statusCode(200)
                .body("status", is("completed"), "run_id", is(runId));

        io.restassured.response.Response again = curl(ws).body(chat(email, false)).when().post("/v2/agents/" + agent + "/chat");
        String againRun = again.path("run_id");
        String againCall = again.path("tools[0].tool_call_id");
        curl(ws).body(Map.of("run_id", againRun, "user_id", "user-42", "session_id", "sess-abc123",
                        "updated_tools", List.of(Map.of("tool_call_id", againCall, "confirmed", false))))
                .when().post("/v2/agents/" + agent + "/chat/commit").then().statusCode(200)
                .body("content", is("Tool execution cancelled by user."), "status", is("cancelled"), "agent_id", is(agent));
        curl(Platform.newWorkspace()).body(Map.of("run_id", runId, "user_id", "u", "session_id", "s",
                        "updated_tools", List.of(Map.of("tool_call_id", call, "confirmed", true))))
                .when().post("/v2/agents/" + agent + "/chat/commit").then().statusCode(404);
    }

    @Test
    void chatStreamsMessageEventsByDefault() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = supportAgent(ws);
        String body = curl(ws).body(chat("Hi [sim:reply=I can help you]", null)).when().post("/v2/agents/" + agent + "/chat")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        List<String> data = body.lines().filter(l -> l.startsWith("data:")).toList();
        org.junit.jupiter.api.Assertions.assertTrue(body.lines().filter(l -> l.startsWith("event:"))
                .allMatch(l -> l.equals("event: message")), body);
        org.junit.jupiter.api.Assertions.assertTrue(data.get(0).contains("\"status\":\"running\""), body);
        org.junit.jupiter.api.Assertions.assertTrue(data.get(data.size() - 1).contains("\"status\":\"completed\""), body);
    }

    @Test
    void aToolkitMethodRunsDirectlyFromTheQuery() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = supportAgent(ws);
        curl(ws).queryParam("toolkit_name", "builtin").queryParam("method_name", "calculator")
                .queryParam("user_id", "user-42").queryParam("session_id", "sess-1").queryParam("expression", "(2+3)*4")
                .when().get("/v2/agents/" + agent + "/toolkit/run").then().statusCode(200)
                .body("status", is("success"), "message", is("Toolkit method executed successfully"), "result.result", is(20));
        curl(Platform.newWorkspace()).queryParam("toolkit_name", "builtin").queryParam("method_name", "calculator")
                .queryParam("expression", "1").when().get("/v2/agents/" + agent + "/toolkit/run").then().statusCode(404);
    }
}
