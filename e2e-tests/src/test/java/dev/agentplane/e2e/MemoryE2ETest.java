package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/**
 * Long-term memory through the gateway: the simulator plays the extraction model ([sim:remember=...]) and shows
 * the system message it got ([sim:echo-system]), which is where recalled facts go.
 */
class MemoryE2ETest {
    private static String memoryAgent(Platform.Workspace ws) {
        String id = "e2e-mem-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Memory " + id,
                        "system_prompt", "You help.", "llm_config", Map.of("provider", "openai", "model", "sim-1"),
                        "config", Map.of("enable_memory", true, "enable_history", false)))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    private static String session(Platform.Workspace ws, String agent, String user) {
        return ws.given().contentType(ContentType.JSON).body(Map.of("agent_id", agent, "external_user_id", user))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
    }

    private static String run(Platform.Workspace ws, String session, String message) {
        return ws.given().contentType(ContentType.JSON).body(Map.of("message", message))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .body("status", is("completed")).extract().path("execution_id");
    }

    private static String systemSeen(Platform.Workspace ws, String session, String message) {
        return ws.given().contentType(ContentType.JSON).body(Map.of("message", message + " [sim:echo-system]"))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .extract().path("output.text");
    }

    @Test
    void aFactReachesALaterSessionIsReplacedWhenContradictedAndStaysWithItsUser() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = memoryAgent(ws);
        String first = session(ws, agent, "user-a");
        String run1 = run(ws, first, "Hi, I live in Lyon. [sim:remember=The user lives in Lyon]");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().when().get("/v1/users/user-a/memories")
                .then().statusCode(200).body("items.fact", contains("The user lives in Lyon"),
                        "items[0].execution_id", is(run1), "items[0].agent_id", is(agent)));
        String lyonId = ws.given().when().get("/v1/users/user-a/memories").then().extract().path("items[0].id");
        run(ws, first, "What a nice day.");

        // run 3, in a new session: the fact is recalled into the system message
        String second = session(ws, agent, "user-a");
        assertContains(systemSeen(ws, second, "Where do I live?"), "The user lives in Lyon");

        String run4 = run(ws, second, "I moved to Paris last week. [sim:remember=The user lives in Paris;replaces=Lyon]");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().when().get("/v1/users/user-a/memories")
                .then().body("items.fact", contains("The user lives in Paris"), "items[0].id", is(lyonId),
                        "items[0].execution_id", is(run4)));
        String third = session(ws, agent, "user-a");
        String seen = systemSeen(ws, third, "Where do I live now?");
        assertContains(seen, "The user lives in Paris");
        assertNotContains(seen, "Lyon");

        // another external user of the same agent, and another workspace, never see it
        String others = session(ws, agent, "user-b");
        assertNotContains(systemSeen(ws, others, "Where do I live?"), "Paris");
        ws.given().when().get("/v1/users/user-b/memories").then().body("items", hasSize(0));
        Platform.Workspace other = Platform.newWorkspace();
        other.given().when().get("/v1/users/user-a/memories").then().statusCode(200).body("items", hasSize(0));

        ws.given().when().delete("/v1/users/user-a/memories").then().statusCode(200).body("deleted", is(1));
        assertNotContains(systemSeen(ws, session(ws, agent, "user-a"), "Where do I live?"), "Paris");
    }

    private static void assertContains(String text, String part) {
        org.hamcrest.MatcherAssert.assertThat(text, containsString(part));
    }

    private static void assertNotContains(String text, String part) {
        org.hamcrest.MatcherAssert.assertThat(text, not(containsString(part)));
    }
}
