package dev.agentplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The rules that script the simulator: errors, transient failures, hangs, tools, JSON, exact replies. */
@QuarkusTest
class ScriptedRepliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1")
    URL base;

    private static String user(String content) {
        return "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":" + JSON.valueToTree(content) + "}]}";
    }

    @Test
    void errorMarkersAnswerThatStatusInOpenAiShape() {
        given().contentType("application/json").body(user("hi [sim:error=429]")).when().post("/v1/chat/completions")
                .then().statusCode(429).body("error.type", is("rate_limit_exceeded"));
        given().contentType("application/json").body(user("hi [sim:error=500]")).when().post("/v1/chat/completions")
                .then().statusCode(500).body("error.type", is("server_error"));
    }

    @Test
    void failFirstFailsOnceThenAnswersForTheSameId() {
        String body = user("hi [sim:fail-first=429] [sim:id=" + UUID.randomUUID() + "]");
        given().contentType("application/json").body(body).when().post("/v1/chat/completions").then().statusCode(429);
        given().contentType("application/json").body(body).when().post("/v1/chat/completions").then().statusCode(200);
        String twice = user("hi [sim:fail-first=503] [sim:fail-count=2] [sim:id=" + UUID.randomUUID() + "]");
        given().contentType("application/json").body(twice).when().post("/v1/chat/completions").then().statusCode(503);
        given().contentType("application/json").body(twice).when().post("/v1/chat/completions").then().statusCode(503);
        given().contentType("application/json").body(twice).when().post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void langchain4jRetriesThroughATransientFailure() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(base.toString()).apiKey("sim").modelName("sim-1")
                .maxRetries(2).build();
        String answer = model.chat("hi [sim:fail-first=500] [sim:id=" + UUID.randomUUID() + "] [sim:reply=back again]");
        assertEquals("back again", answer);
    }

    @Test
    void hangNeverAnswersSoTheClientTimesOut() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(base.toString()).apiKey("sim").modelName("sim-1")
                .timeout(Duration.ofMillis(400)).maxRetries(0).build();
        long started = System.nanoTime();
        assertThrows(RuntimeException.class, () -> model.chat("hello [sim:hang]"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000);
    }

    @Test
    void toolMarkerAnswersWithToolCallsAndAToolResultGetsText() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(base.toString()).apiKey("sim").modelName("sim-1").build();
        ToolSpecification weather = ToolSpecification.builder().name("get_weather")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").build()).build();
        ChatResponse response = model.chat(ChatRequest.builder().toolSpecifications(weather)
                .messages(UserMessage.from("weather? [sim:tool=get_weather] [sim:args={\"city\":\"Paris\"}]")).build());
        assertTrue(response.aiMessage().hasToolExecutionRequests());
        assertEquals("get_weather", response.aiMessage().toolExecutionRequests().get(0).name());
        assertEquals("{\"city\":\"Paris\"}", response.aiMessage().toolExecutionRequests().get(0).arguments());

        given().contentType("application/json").body("{\"messages\":[{\"role\":\"user\",\"content\":\"w [sim:tool=get_weather]\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("Tool said: sunny"), "choices[0].finish_reason", is("stop"));
    }

    @Test
    void jsonSchemaRequestsGetValidJsonForTheSchema() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"classify\"}],\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"out\",\"schema\":{\"type\":\"object\",\"properties\":{"
                + "\"kind\":{\"type\":\"string\",\"enum\":[\"card\",\"cash\"]},\"amount\":{\"type\":\"integer\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"ok\":{\"type\":\"boolean\"}}}}}}";
        String content = given().contentType("application/json").body(body).when().post("/v1/chat/completions")
                .then().statusCode(200).extract().path("choices[0].message.content");
        JsonNode parsed = JSON.readTree(content);
        assertEquals("card", parsed.path("kind").asText());
        assertTrue(parsed.path("amount").isInt());
        assertTrue(parsed.path("tags").isArray());
        assertTrue(parsed.path("ok").asBoolean());

        given().contentType("application/json").body(user("x [sim:json={\"amount\":2450}]"))
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("{\"amount\":2450}"));
    }

    @Test
    void aMemoryExtractionAnswersWithTheRememberMarkersOfTheExchange() throws Exception {
        String schema = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"memory_facts\","
                + "\"schema\":{\"type\":\"object\"}}}";
        String body = "{\"messages\":[{\"role\":\"system\",\"content\":\"Extract.\\nKnown facts:\\n"
                + "- [mem_1] The user has a cat\\n- [mem_2] The user lives in Lyon\"},{\"role\":\"user\",\"content\":"
                + "\"User: I moved [sim:remember=The user lives in Paris;replaces=lyon] [sim:remember=The user is Ann]\\n"
                + "Assistant: ok\"}]," + schema + "}";
        String content = given().contentType("application/json").body(body).when().post("/v1/chat/completions")
                .then().statusCode(200).extract().path("choices[0].message.content");
        assertEquals("{\"facts\":[{\"fact\":\"The user lives in Paris\",\"replaces\":\"mem_2\"},"
                + "{\"fact\":\"The user is Ann\",\"replaces\":null}]}", content);
        given().contentType("application/json").body("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"hi [sim:echo-system]\"}]}").when().post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", is("System: Be brief."));
        given().contentType("application/json").body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + schema + "}").when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("{\"facts\":[]}"));
    }

    @Test
    void replyAndRecallMarkersScriptTheText() {
        given().contentType("application/json").body(user("[sim:reply=Hello there friend]"))
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("Hello there friend"), "usage.completion_tokens", is(3));
        given().contentType("application/json").body("{\"messages\":[{\"role\":\"user\",\"content\":\"my name is Ann\"},"
                        + "{\"role\":\"assistant\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":\"who am I? [sim:recall]\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("Earlier you said: my name is Ann"));
    }

    @Test
    void echoRepeatsTheLastUserTurnWithItsImages() {
        String body = "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"look [sim:echo]\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://img.example/a.png\"}}]}]}";
        given().contentType("application/json").body(body).when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("Echo: look | images: https://img.example/a.png"));
    }
}
