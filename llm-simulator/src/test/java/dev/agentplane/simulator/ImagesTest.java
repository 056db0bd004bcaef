package dev.agentplane.simulator;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** OpenAI's images API: a small PNG as base64 or behind a URL, scripted by markers in the prompt. */
@QuarkusTest
class ImagesTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void aPromptGetsAPngAsBase64OrUrl() {
        String b64 = given().contentType("application/json").body("{\"model\":\"sim-image\",\"prompt\":\"a red fox\"}")
                .when().post("/v1/images/generations").then().statusCode(200)
                .body("created", notNullValue(), "data", hasSize(1)).extract().path("data[0].b64_json");
        byte[] png = Base64.getDecoder().decode(b64);
        assertArrayEquals(PNG_SIGNATURE, java.util.Arrays.copyOf(png, 4));
        String url = given().contentType("application/json")
                .body("{\"prompt\":\"a red fox\",\"response_format\":\"url\"}").when().post("/v1/images/generations")
                .then().statusCode(200).extract().path("data[0].url");
        byte[] fetched = given().when().get(url).then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertArrayEquals(png, fetched, "the same prompt, the same image");
    }

    @Test
    void markersScriptLatencyAndErrors() {
        long began = System.nanoTime();
        given().contentType("application/json").body("{\"prompt\":\"slow [sim:latency=300ms]\"}")
                .when().post("/v1/images/generations").then().statusCode(200);
        assertTrue(System.nanoTime() - began >= 300_000_000L);
        given().contentType("application/json").body("{\"prompt\":\"broken [sim:error=500]\"}")
                .when().post("/v1/images/generations").then().statusCode(500).body("error.type", is("server_error"));
        given().contentType("application/json").body("{}").when().post("/v1/images/generations").then().statusCode(400);
    }
}
