package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * generate_image through the gateway against the simulator's images endpoint (the suite's platform points
 * agentplane.tools.images.url at it, bin/test): the run's events announce the job and its result, and the image is
 * an attachment of the workspace — another workspace cannot see it.
 */
class ImagesE2ETest {

    @Test
    void anAgentGeneratesAnImageThatBecomesAnAttachmentOfItsWorkspace() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = "e2e-img-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", agent, "name", "Painter " + agent,
                        "system_prompt", "Draw.", "tools", List.of("generate_image"),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .when().post("/v1/agents").then().statusCode(201);
        String id = ws.given().contentType("application/json")
                .body(Map.of("message", "Draw a fox. [sim:tool=generate_image] [sim:args={\"prompt\":\"a red fox\"}]"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", containsString("storage_key"))
                .extract().path("execution_id");

        List<JsonNode> events = Sse.parse(ws.given().get("/v1/executions/" + id + "/events").then().statusCode(200)
                .extract().asString());
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        assertTrue(types.indexOf("media_gen_submitted") >= 0
                && types.indexOf("media_gen_submitted") < types.indexOf("media_gen_complete"), types.toString());
        JsonNode done = events.get(types.indexOf("media_gen_complete"));
        String key = done.path("storage_key").asText();
        assertTrue(key.startsWith("attachments/"), done.toString());
        assertTrue(done.path("url").asText().contains("signature="), done.toString());

        ws.given().get("/v1/attachments/" + key).then().statusCode(200).body("content_type", is("image/png"));
        Platform.newWorkspace().given().get("/v1/attachments/" + key).then().statusCode(404);
    }
}
