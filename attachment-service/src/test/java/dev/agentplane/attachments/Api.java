package dev.agentplane.attachments;

import io.restassured.response.ValidatableResponse;

import java.net.URI;

import static io.restassured.RestAssured.given;

/** Small helpers for calling the attachments API in tests. */
public final class Api {
    private Api() {
    }

    public static ValidatableResponse upload(String token, String filename, byte[] bytes) {
        return given().auth().oauth2(token).multiPart("file", filename, bytes, "application/octet-stream")
                .when().post("/v1/attachments").then();
    }

    /** Uploads and returns the storage key (expects 201). */
    public static String uploaded(String token, String filename, byte[] bytes) {
        return upload(token, filename, bytes).statusCode(201).extract().path("storage_key");
    }

    /** The path and query of an absolute signed URL, to call on the test server. */
    public static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
