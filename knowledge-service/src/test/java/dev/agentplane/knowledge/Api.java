package dev.agentplane.knowledge;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Small helpers for calling the knowledge API in tests. */
public final class Api {
    private Api() {
    }

    public static ValidatableResponse post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    /** Creates a knowledge base and returns its id. */
    public static String base(String token, String name) {
        return post(token, "/v1/knowledge-bases", Map.of("name", name)).statusCode(201).extract().path("id");
    }

    /** Adds an inline document and returns its id (202). */
    public static String inline(String token, String kb, String title, String text) {
        return post(token, "/v1/knowledge-bases/" + kb + "/documents", Map.of("title", title, "text", text))
                .statusCode(202).extract().path("id");
    }

    /** Waits until the document's ingestion ended and returns its final status. */
    public static String settled(String token, String kb, String doc) {
        String[] status = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            status[0] = given().auth().oauth2(token).when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc)
                    .then().statusCode(200).extract().path("status");
            return "ready".equals(status[0]) || "failed".equals(status[0]);
        });
        return status[0];
    }

    public static void delete(String token, String kb, String doc) {
        given().auth().oauth2(token).when().delete("/v1/knowledge-bases/" + kb + "/documents/" + doc).then()
                .statusCode(204);
    }

    public static ValidatableResponse search(String token, String kb, String query) {
        return post(token, "/v1/knowledge-bases/" + kb + "/search", Map.of("query", query, "top_k", 3));
    }
}
