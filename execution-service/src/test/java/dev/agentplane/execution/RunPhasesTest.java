package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Where an execution's time goes: the Server-Timing header of a sync answer and the phase timers. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class RunPhasesTest {
    private static final Pattern ENTRY = Pattern.compile("([a-z]+);dur=([0-9]+\\.[0-9]{2})");
    private static final Pattern LLM_COUNT = count("llm");
    private static final Pattern HISTORY_COUNT = count("history");

    private static Pattern count(String phase) {
        return Pattern.compile("agentplane_execution_phase_seconds_count\\{mode=\"sync\",phase=\"" + phase
                + "\"[^}]*} ([0-9.E]+)");
    }

    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aSessionExecuteTellsHowLongEachPhaseTook() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, Fakes.history("exec-old", "My name is Ann", "Hello Ann"));
        String marker = Fakes.marker();
        fakes.llmSlow(marker, "Your name is Ann", 30, 5, 300);
        double appendsBefore = count(HISTORY_COUNT);

        Map<String, Double> phases = phases(given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "What is my name? " + marker))
                .when().post("/v1/sessions/" + session + "/execute")
                .then().statusCode(200).extract().header("Server-Timing"));

        // the history append ends after the answer: its timer counts it, the header does not
        assertEquals(List.of("lock", "context", "prepare", "llm", "complete", "total"),
                List.copyOf(phases.keySet()));
        await().untilAsserted(() -> assertEquals(appendsBefore + 1, count(HISTORY_COUNT)));
        assertTrue(phases.get("llm") >= 300, "the model call took the simulated 300 ms: " + phases);
        assertTrue(phases.get("prepare") < phases.get("llm"), "nothing waited for the model before it: " + phases);
        assertTrue(phases.get("total") >= phases.get("prepare") + phases.get("llm"), phases.toString());
        assertTrue(phases.get("prepare") >= phases.get("context") && phases.get("prepare") >= phases.get("lock"),
                "the lock and the context are part of the preparation: " + phases);
    }

    @Test
    void aStatelessExecuteHasNoSessionPhasesAndTheTimersCountIt() {
        String agent = fakes.agent(ws);
        double before = count(LLM_COUNT);
        String marker = Fakes.marker();
        fakes.llm(marker, "Ahoy", 3, 2);

        Map<String, Double> phases = phases(given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "hello " + marker))
                .when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).extract().header("Server-Timing"));

        assertEquals(List.of("prepare", "llm", "complete", "total"), List.copyOf(phases.keySet()));
        assertEquals(before + 1, count(LLM_COUNT), "the run's model call is counted once");
    }

    private static Map<String, Double> phases(String header) {
        assertNotNull(header, "Server-Timing is sent");
        Map<String, Double> phases = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            phases.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertFalse(phases.isEmpty(), header);
        return phases;
    }

    private static double count(Pattern counter) {
        Matcher m = counter.matcher(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
