package dev.agentplane.simulator;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The simulator speaks the OpenAI wire format well enough for langchain4j's real client. */
@QuarkusTest
class SimulatorTest {
    @TestHTTPResource("/v1")
    URL base;

    @Test
    void plainCompletionHasTextAndExactUsage() {
        given().contentType("application/json")
                .body("{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there [sim:tokens=7]\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("object", is("chat.completion"), "choices[0].finish_reason", is("stop"),
                        "choices[0].message.content", startsWith("Simulated answer"),
                        "usage.completion_tokens", is(7), "usage.prompt_tokens", is(3), "usage.total_tokens", is(10));
    }

    @Test
    void langchain4jClientGetsAnswerAndUsage() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(base.toString()).apiKey("sim").modelName("sim-1").build();
        ChatResponse response = model.chat(dev.langchain4j.data.message.UserMessage.from("hi [sim:tokens=5]"));
        assertEquals("Simulated answer to: w1", response.aiMessage().text());
        assertEquals(5, response.tokenUsage().outputTokenCount());
    }

    @Test
    void streamingSendsOneChunkPerTokenThenDone() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(base.toString()).apiKey("sim")
                .modelName("sim-1").build();
        List<String> chunks = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("stream please [sim:tokens=6] [sim:interval=5ms]", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                chunks.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(10, TimeUnit.SECONDS);
        assertEquals(6, chunks.size());
        assertEquals(String.join("", chunks), response.aiMessage().text());
        assertEquals(6, response.tokenUsage().outputTokenCount());
    }

    @Test
    void latencyIsApplied() {
        long started = System.nanoTime();
        given().contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"slow [sim:latency=300ms]\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 300);
    }

    @Test
    void modelsAreListedAndBadRequestsRefused() {
        given().when().get("/v1/models").then().statusCode(200).body("data.id", hasItem("sim-1"));
        given().contentType("application/json").body("{\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(400).body("error.type", is("invalid_request_error"));
    }
}
