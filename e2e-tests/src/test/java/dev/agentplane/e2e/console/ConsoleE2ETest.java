package dev.agentplane.e2e.console;

import dev.agentplane.e2e.support.Platform;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The web console at /console, in headless Chromium through the gateway (issue 28's "Done when"): sign in, an
 * agent from YAML with a deliberate error shown at its line and then fixed, a workflow drawn, chat with streamed
 * tokens and a client tool answered in place, the run's timeline with its tool call, the inbox, another
 * workspace's run id → not found, a key created, revoked and refused, sign out. Plus, without a browser: CSRF on
 * the forms and the cookies' flags. Every page is photographed at 375 px and 1440 px (target/screenshots).
 */
class ConsoleE2ETest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final Map<String, Object> LOOKUP = Map.of("name", "lookup_order", "description", "Looks up an order",
            "parameters", Map.of("type", "object", "properties", Map.of("order", Map.of("type", "string"))));
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void formsNeedTheCsrfTokenAndTheCookiesAreHttpOnlyAndStrict() {
        Platform.Workspace ws = Platform.newWorkspace();
        Response form = Platform.anonymous().redirects().follow(false).get("/console/login");
        form.then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Frame-Options", is("DENY"));
        String csrfCookie = form.getCookie("csrf-token");
        String setCsrf = form.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("csrf-token=")).findFirst().orElseThrow();
        assertTrue(setCsrf.contains("HttpOnly") || setCsrf.contains("HTTPOnly"), setCsrf);
        assertTrue(setCsrf.contains("SameSite=Strict"), setCsrf);
        assertTrue(setCsrf.contains("Path=/console"), setCsrf);
        String token = csrf(form.asString());

        // no token, a wrong one, or the token without its cookie: refused, and nothing is signed in
        Platform.anonymous().redirects().follow(false).cookie("csrf-token", csrfCookie).contentType("application/x-www-form-urlencoded")
                .formParam("api_key", ws.apiKey()).post("/console/login").then().statusCode(400).header("Set-Cookie", not(containsString("agentplane_console")));
        Platform.anonymous().redirects().follow(false).cookie("csrf-token", csrfCookie).contentType("application/x-www-form-urlencoded")
                .formParam("api_key", ws.apiKey()).formParam("csrf-token", token + "x").post("/console/login").then().statusCode(400);
        Platform.anonymous().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("api_key", ws.apiKey()).formParam("csrf-token", token).post("/console/login").then().statusCode(400);
        // a JSON post (what a cross-site fetch could send) is no form: refused
        Platform.anonymous().redirects().follow(false).cookie("csrf-token", csrfCookie).contentType("application/json")
                .body("{\"api_key\":\"" + ws.apiKey() + "\"}").post("/console/login").then().statusCode(anyOf(is(400), is(415)));

        Response signedIn = Platform.anonymous().redirects().follow(false).cookie("csrf-token", csrfCookie)
                .contentType("application/x-www-form-urlencoded").formParam("api_key", ws.apiKey()).formParam("csrf-token", token)
                .post("/console/login");
        signedIn.then().statusCode(303).header("Location", is("/console/agents"));
        String session = signedIn.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("agentplane_console=")).findFirst().orElseThrow();
        assertTrue(session.contains("HttpOnly"), session);
        assertTrue(session.contains("SameSite=Strict"), session);
        assertTrue(session.contains("Path=/console"), session);
        assertFalse(session.contains(ws.apiKey()), "the key itself is never put in a cookie");
        String jwt = signedIn.getCookie("agentplane_console");

        // a signed-in form post without the token is refused too (the revoke of a key, here)
        Platform.anonymous().redirects().follow(false).cookie("agentplane_console", jwt).cookie("csrf-token", csrfCookie)
                .contentType("application/x-www-form-urlencoded").formParam("name", "x").post("/console/keys").then().statusCode(400);
        // and without a session a page sends to the sign-in
        Platform.anonymous().redirects().follow(false).get("/console/agents").then().statusCode(303).header("Location", is("/console/login"));
    }

    @Test
    void aWorkspaceUsesTheConsoleInABrowser() {
        Platform.Workspace ws = Platform.newWorkspace();
        Platform.Workspace other = Platform.newWorkspace();
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        // sign in; the session cookie is HttpOnly and SameSite=Strict in the browser too
        browser.open("/console/login");
        browser.screenshot("signin");
        browser.find("#api_key").sendKeys(ws.apiKey());
        browser.find("#signin button[type=submit]").click();
        browser.until(d -> browser.path().startsWith("/console/agents"));
        Cookie cookie = browser.driver.manage().getCookieNamed("agentplane_console");
        assertTrue(cookie.isHttpOnly());
        assertEquals("Strict", cookie.getSameSite());
        assertNull(browser.js("return document.cookie.includes('agentplane_console') ? 'visible' : null"), "no script reads the token");

        // an agent from YAML: a deliberate error shown at its line, then fixed
        String agent = "con-" + suffix;
        String yaml = "id: " + agent + "\nname: Order helper\nsystem_prompt: Be brief.\nconfig:\n  accepts_client_tools: true\n"
                + "llm_config:\n  provider: openai\n  model: no-such-model\n  max_tokens: 200\n";
        browser.open("/console/agents/new");
        browser.fill("#yaml", yaml);
        browser.find("button[value=validate]").click();
        WebElement problem = browser.find("#editor-problem");
        assertTrue(problem.getText().contains("Line 8"), problem.getText());
        assertTrue(problem.getText().contains("UNKNOWN_MODEL"), problem.getText());
        assertTrue(browser.find("li.has-error").getText().contains("model: no-such-model"));
        browser.screenshot("agent-yaml-error");
        browser.fill("#yaml", yaml.replace("no-such-model", "sim-1"));
        browser.find("#save").click();
        browser.until(d -> browser.path().equals("/console/agents/" + agent));
        assertEquals(agent, browser.find("#agent-id").getText());
        browser.screenshot("agent");
        browser.open("/console/agents");
        assertTrue(browser.find("table").getText().contains("Order helper"));
        browser.screenshot("agents");

        // a workflow agent is drawn: nodes, and a condition's two dashed branches
        String workflow = "wf-" + suffix;
        ws.given().contentType("application/yaml").body(workflowYaml(workflow).getBytes(StandardCharsets.UTF_8))
                .post("/v1/agents").then().statusCode(201);
        browser.open("/console/agents/" + workflow);
        browser.find("svg.workflow");
        assertEquals(5, browser.all("svg.workflow g.node").size(), "start, writer, reviewer, publisher, end");
        assertEquals(2, browser.all("svg.workflow path.conditional").size());
        browser.screenshot("agent-workflow");

        // chat: tokens arrive one by one (seen part-way), then the final answer
        browser.open("/console/chat?agent=" + agent);
        browser.find("#message").sendKeys("Hello [sim:reply=alpha beta gamma delta epsilon zeta eta theta] [sim:interval=300ms]");
        browser.find("#send").click();
        String partial = browser.until(d -> {
            List<WebElement> texts = browser.all(".msg-assistant .text");
            String t = texts.isEmpty() ? "" : texts.get(0).getText();
            return t.contains("alpha") && !t.contains("theta") ? t : null;
        });
        assertFalse(partial.contains("theta"), "seen while streaming: " + partial);
        browser.until(d -> browser.all(".msg-assistant .final").size() == 1);
        assertTrue(browser.find(".msg-assistant").getText().contains("alpha beta gamma delta epsilon zeta eta theta"));

        // a client tool: the call shown inline, answered in place, and the run goes on in the same bubble
        browser.fill("#client_tools", "[{\"name\":\"lookup_order\",\"description\":\"Looks up an order\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}}]");
        browser.find("#message").sendKeys("Where is order A1? [sim:tool=lookup_order] [sim:args={\"order\":\"A1\"}]");
        browser.find("#send").click();
        WebElement answer = browser.find(".in-place form.answer-form");
        assertTrue(browser.find(".in-place .pending-action").getText().contains("lookup_order"));
        answer.findElement(By.cssSelector("textarea[name=result]")).sendKeys("{\"status\":\"shipped\"}");
        browser.screenshot("chat-client-tool");
        answer.findElement(By.cssSelector("button[value=confirm]")).click();
        browser.until(d -> browser.all(".msg-assistant .final").size() == 2);
        assertTrue(browser.all(".msg-assistant").get(1).getText().contains("Tool said:"));
        assertTrue(browser.all(".msg-assistant").get(1).getText().contains("shipped"));
        browser.screenshot("chat");
        String toolRun = browser.all(".msg-assistant").get(1).getAttribute("data-run");

        // an approval: a student agent's http_request (above its level) waits; its arguments are edited and approved in place
        String student = "student-" + suffix;
        ws.given().contentType("application/json").body(Map.of("id", student, "name", "Fetcher", "system_prompt", "Use your tools.",
                        "tools", List.of("http_request"), "maturity_level", "student",
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .post("/v1/agents").then().statusCode(201);
        browser.open("/console/chat?agent=" + student);
        browser.find("#message").sendKeys("Fetch it [sim:tool=http_request] [sim:args={\"url\":\"http://127.0.0.2:9/original\"}]");
        browser.find("#send").click();
        WebElement approval = browser.find(".in-place .kind-approval form.answer-form");
        assertTrue(browser.find(".in-place .kind-approval").getText().contains("http_request"));
        WebElement args = approval.findElement(By.cssSelector("textarea[name=tool_args]"));
        assertTrue(args.getAttribute("value").contains("/original"), args.getAttribute("value"));
        browser.fill(".in-place .kind-approval textarea[name=tool_args]", "{\"url\": \"http://127.0.0.2:9/edited\"}");
        browser.screenshot("chat-approval");
        approval.findElement(By.cssSelector("button[value=confirm]")).click();
        browser.until(d -> browser.all(".msg-assistant .final").size() == 1);
        String approvedRun = browser.find(".msg-assistant").getAttribute("data-run");
        ws.given().get("/v1/executions/" + approvedRun).then().body("status", is("completed"),
                "steps.find { it.type == 'tool_call' }.name", is("http_request"));

        // the run's timeline has its tool call; the runs list has both runs
        browser.open("/console/runs/" + toolRun);
        WebElement timeline = browser.find("#timeline");
        assertTrue(timeline.getText().contains("Tool call"), timeline.getText());
        assertTrue(timeline.getText().contains("lookup_order"), timeline.getText());
        assertTrue(browser.find("#events").getText().contains("final"));
        browser.screenshot("run");
        browser.open("/console/runs?agent_id=" + agent);
        assertEquals(2, browser.all("#runs tbody tr").size());
        browser.screenshot("runs");

        // the inbox: a run waiting for a client tool's result, answered there
        String waiting = ws.given().contentType("application/json").body(Map.of("message",
                        "Check order B2 [sim:tool=lookup_order] [sim:args={\"order\":\"B2\"}]", "client_tools", List.of(LOOKUP)))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200).body("status", is("awaiting_client_tool"))
                .extract().path("execution_id");
        browser.open("/console/inbox");
        WebElement card = browser.find("section.card");
        assertTrue(card.getText().contains(waiting), card.getText());
        assertTrue(browser.find(".countdown").getText().startsWith("expires in"));
        browser.screenshot("inbox");
        card.findElement(By.cssSelector("textarea[name=result]")).sendKeys("{\"status\":\"lost\"}");
        card.findElement(By.cssSelector("button[value=confirm]")).click();
        browser.until(d -> browser.path().equals("/console/inbox"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + waiting).then().body("status", is("completed"), "output.text", containsString("lost")));

        // another workspace's run id: not found, nothing of it shown
        String foreign = other.given().contentType("application/json").body(Map.of("message", "secret [sim:reply=classified]"))
                .post("/v1/agents/" + other.newAgent("x", 50) + "/execute").then().statusCode(200).extract().path("execution_id");
        browser.open("/console/runs/" + foreign);
        assertEquals("Not found", browser.find("#problem-title").getText());
        assertFalse(browser.driver.getPageSource().contains("classified"));
        browser.screenshot("not-found");

        // API keys: created (the secret shown once), works, revoked in the console, then refused
        browser.open("/console/keys");
        browser.find("#create-key input[name=name]").sendKeys("temp-" + suffix);
        browser.find("#create-key button[type=submit]").click();
        String secret = browser.find("#secret").getAttribute("value");
        assertTrue(secret.startsWith("wak_"), secret);
        browser.screenshot("keys");
        Platform.anonymous().header("X-API-Key", secret).get("/v1/agents").then().statusCode(200);
        browser.open("/console/keys");
        assertFalse(browser.driver.getPageSource().contains(secret), "the secret is shown only once");
        browser.find("tr:has(button[aria-label='Revoke key temp-" + suffix + "']) button.danger").click();
        browser.until(d -> browser.find("table#keys").getText().contains("revoked"));
        Platform.anonymous().header("X-API-Key", secret).get("/v1/agents").then().statusCode(401);

        // usage and credits: the balance and the ledger of the runs above (per-day chart once billing has counted them)
        browser.open("/console/usage");
        assertTrue(browser.find("#balance").getText().contains("Available"));
        // the request limit as the API states it in its header fields
        String limit = ws.given().get("/v1/credits").then().statusCode(200).extract().header("X-RateLimit-Limit");
        assertTrue(browser.find("#rate-limit").getText().contains(limit == null ? "not limited" : "of " + limit + " requests"),
                browser.find("#rate-limit").getText());
        browser.until(d -> !browser.all("#ledger tbody tr").isEmpty());
        browser.screenshot("usage");

        // sign out: the cookie is gone, pages send to the sign-in; the revoked key cannot sign in
        browser.find("form.logout button").click();
        browser.until(d -> browser.path().equals("/console/login"));
        assertNull(browser.driver.manage().getCookieNamed("agentplane_console"));
        browser.open("/console/agents");
        browser.until(d -> browser.path().equals("/console/login"));
        browser.find("#api_key").sendKeys(secret);
        browser.find("#signin button[type=submit]").click();
        assertTrue(browser.find("#signin-error").getText().contains("not accepted"));
    }

    @Test
    void webhooksKnowledgeBasesAndAgentVersionsInTheBrowser() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        Platform.Workspace other = Platform.newWorkspace();
        List<String> received = new CopyOnWriteArrayList<>();
        // a receiver on 127.0.0.1 (the suite's platform allows that address over http; bin/up does not)
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            signIn(ws);

            // webhooks: a subscription created (its secret shown once), a test event delivered, redelivered, disabled
            browser.open("/console/webhooks");
            browser.fill("#url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/console");
            browser.find("#create-webhook button[type=submit]").click();
            String secret = browser.find("#secret").getAttribute("value");
            assertTrue(secret.startsWith("whsec_"), secret);
            browser.screenshot("webhooks");
            browser.find("#new-webhook a").click();
            String hook = browser.find("#webhook-id").getText();
            assertFalse(browser.driver.getPageSource().contains(secret), "the secret is shown only once");
            browser.find("#send-test").click();
            assertTrue(browser.find("#webhook-notice").getText().contains("test delivery"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> received.size() >= 1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> {
                        browser.open("/console/webhooks/" + hook);
                        return !browser.all("#deliveries tbody tr .status-delivered").isEmpty();
                    });
            browser.screenshot("webhook");
            browser.find("#deliveries button[aria-label^=Redeliver]").click();
            assertTrue(browser.find("#webhook-notice").getText().contains("queued again"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> received.size() >= 2);
            assertEquals(received.get(0), received.get(1), "a redelivery sends the same message (its webhook-id)");
            browser.find("#toggle").click();
            browser.until(d -> browser.find("#webhook-status").getText().startsWith("disabled"));
            ws.given().get("/v1/webhooks/" + hook).then().statusCode(200).body("enabled", is(false));

            // knowledge bases: created, a document typed in and ingested, a test query finds it
            browser.open("/console/knowledge-bases");
            browser.find("#create-kb input[name=name]").sendKeys("Office");
            browser.find("#create-kb button[type=submit]").click();
            String kb = browser.find("#kb-id").getText();
            Integer chunkSize = ws.given().get("/v1/knowledge-bases/" + kb).then().statusCode(200).extract().path("chunking.size");
            assertTrue(browser.find(".facts").getText().contains(chunkSize + " tokens a chunk"), browser.find(".facts").getText());
            browser.find("#doc-title").sendKeys("parking.md");
            browser.fill("#doc-text", "# Parking\nVisitors park their car on level minus two of the garage, next to the lifts.\n");
            browser.find("#add-document button[type=submit]").click();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> {
                        browser.open("/console/knowledge-bases/" + kb);
                        String row = browser.find("#documents tbody tr").getText();
                        assertFalse(row.contains("failed"), row);
                        return row.contains("ready");
                    });
            browser.find("#kb-search input[name=query]").sendKeys("Where can visitors park?");
            browser.find("#kb-search button[type=submit]").click();
            assertTrue(browser.find("#kb-results").getText().contains("level minus two"), browser.find("#kb-results").getText());
            browser.screenshot("knowledge-base");
            browser.open("/console/knowledge-bases");
            assertTrue(browser.find("#kbs").getText().contains("Office"));
            browser.screenshot("knowledge-bases");

            // another workspace's webhook and knowledge base: not found, nothing of them shown
            String otherHook = other.given().contentType("application/json").body(Map.of("url", "http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hooks/other", "events", List.of("agent.executed")))
                    .post("/v1/webhooks").then().statusCode(201).extract().path("id");
            String otherKb = other.given().contentType("application/json").body(Map.of("name", "Secret base"))
                    .post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
            browser.open("/console/webhooks/" + otherHook);
            assertEquals("Not found", browser.find("#problem-title").getText());
            assertFalse(browser.driver.getPageSource().contains("/hooks/other"));
            browser.open("/console/knowledge-bases/" + otherKb);
            assertEquals("Not found", browser.find("#problem-title").getText());
            assertFalse(browser.driver.getPageSource().contains("Secret base"));

            // agent versions: an edit makes version 2; the diff shows the old prompt removed and the new one added
            String agent = ws.newAgent("Answer in English.", 100);
            ws.given().contentType("application/merge-patch+json").body(Map.of("system_prompt", "Answer in French."))
                    .patch("/v1/agents/" + agent).then().statusCode(200);
            browser.open("/console/agents/" + agent);
            browser.find("#compare button").click();
            browser.until(d -> browser.path().startsWith("/console/agents/" + agent + "/diff"));
            assertTrue(browser.find("#diff li.del").getText().contains("Answer in English."), browser.find("#diff").getText());
            assertTrue(browser.find("#diff li.add").getText().contains("Answer in French."), browser.find("#diff").getText());
            browser.screenshot("agent-diff");

            // chat with a file dropped on the form: uploaded at once, its text reaches the model with the message
            browser.open("/console/chat?agent=" + agent);
            browser.js("const dt = new DataTransfer();"
                    + "dt.items.add(new File(['The secret word is heliotrope.'], 'notes.txt', {type: 'text/plain'}));"
                    + "document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
            browser.until(d -> browser.all("#chat-form input[name=attachment]").size() == 1);
            assertTrue(browser.find("#attachments li").getText().contains("notes.txt"));
            browser.screenshot("chat-attachment");
            browser.find("#message").sendKeys("What does it say? [sim:echo]");
            browser.find("#send").click();
            browser.until(d -> browser.all(".msg-assistant .final").size() == 1);
            assertTrue(browser.find(".msg-assistant").getText().contains("heliotrope"), browser.find(".msg-assistant").getText());
            assertTrue(browser.all("#chat-form input[name=attachment]").isEmpty(), "an attachment goes with one message");
        } finally {
            receiver.stop(0);
        }
    }

    /** A fresh sign-in as this workspace (whoever was signed in before). */
    private static void signIn(Platform.Workspace ws) {
        browser.open("/console/login");
        browser.find("#api_key").sendKeys(ws.apiKey());
        browser.find("#signin button[type=submit]").click();
        browser.until(d -> browser.path().startsWith("/console/agents"));
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "a CSRF token in the form");
        return m.group(1);
    }

    private static String workflowYaml(String id) {
        return "id: " + id + "\nname: Content review\narchitecture: workflow\n"
                + "llm_config:\n  provider: openai\n  model: sim-1\n  max_tokens: 100\n"
                + "agents:\n"
                + "  - name: writer\n    system_prompt: Write.\n"
                + "  - name: reviewer\n    system_prompt: Review.\n    structured_output:\n      enabled: true\n"
                + "      schema:\n        approved:\n          type: bool\n          description: Approved?\n"
                + "  - name: publisher\n    system_prompt: Publish.\n"
                + "edges:\n  - from: __start__\n    to: writer\n  - from: writer\n    to: reviewer\n"
                + "  - from: reviewer\n    condition: \"{{reviewer.output.approved}}\"\n    condition_type: boolean\n"
                + "    routing:\n      yes: publisher\n      no: __end__\n  - from: publisher\n    to: __end__\n"
                + "entry_point: writer\n";
    }
}
