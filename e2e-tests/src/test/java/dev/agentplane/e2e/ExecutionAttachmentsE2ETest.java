package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** An execution through the gateway that reads a text attachment, a PDF and an image; image URLs pass the SSRF guard. */
class ExecutionAttachmentsE2ETest {
    private static String upload(Platform.Workspace ws, String name, byte[] bytes) {
        return ws.given().multiPart("file", name, bytes).when().post("/v1/attachments").then().statusCode(201)
                .extract().path("storage_key");
    }

    @Test
    void theModelGetsTheDocumentsTextAndTheImagesSignedUrl() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = ws.newAgent("You read what you are given.", 300);
        String notes = upload(ws, "notes.txt", "The secret word is heliotrope.".getBytes(StandardCharsets.UTF_8));
        String report = upload(ws, "report.pdf", AttachmentsE2ETest.pdf("revenue grew"));
        String chart = upload(ws, "chart.png", AttachmentsE2ETest.PNG);

        String answer = ws.given().contentType("application/json")
                .body(Map.of("message", "What do these say? [sim:echo]", "attachments", List.of(
                        Map.of("storage_key", notes), Map.of("storage_key", report, "filename", "report.pdf"),
                        Map.of("storage_key", chart))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed")).extract().path("output.text");

        assertTrue(answer.contains("The secret word is heliotrope."), answer);
        assertTrue(answer.contains("<attachment name=\"report.pdf\" type=\"application/pdf\">"), answer);
        assertTrue(answer.contains("Page one: revenue grew") && answer.contains("Page two: revenue grew"), answer);
        String imageUrl = answer.substring(answer.indexOf("| images: ") + "| images: ".length()).trim();
        assertTrue(imageUrl.contains("/v1/attachments/download/" + chart), imageUrl);
        // the URL the model got opens the image, with no other credential
        URI uri = URI.create(imageUrl);
        byte[] png = Platform.anonymous().when().get(uri.getRawPath() + "?" + uri.getRawQuery())
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertArrayEquals(AttachmentsE2ETest.PNG, png);
    }

    @Test
    void privateImageUrlsAndOtherWorkspacesKeysAreRefusedBeforeAnythingRuns() {
        Platform.Workspace ws = Platform.newWorkspace();
        Platform.Workspace other = Platform.newWorkspace();
        String agent = ws.newAgent("You read what you are given.", 300);
        long before = ws.given().when().get("/v1/credits").then().extract().jsonPath().getLong("balance");
        for (String url : List.of("http://127.0.0.1:8185/v1/admin/tiers", "http://169.254.169.254/latest/meta-data/",
                "file:///etc/passwd")) {
            ws.given().contentType("application/json")
                    .body(Map.of("content", List.of(Map.of("type", "text", "text", "look"),
                            Map.of("type", "image_url", "image_url", Map.of("url", url)))))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", is("INVALID_INPUT"), "errors[0].field", is("content[1].image_url.url"));
        }
        String foreign = upload(other, "theirs.txt", "not yours".getBytes(StandardCharsets.UTF_8));
        ws.given().contentType("application/json")
                .body(Map.of("message", "read it", "attachments", List.of(Map.of("storage_key", foreign))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400)
                .body("errors[0].field", is("attachments[0].storage_key"));
        ws.given().contentType("application/json")
                .body(Map.of("message", "read them", "attachments", java.util.Collections.nCopies(11,
                        Map.of("storage_key", foreign))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400).body("code", is("INVALID_INPUT"));
        ws.given().when().get("/v1/credits").then().body("balance", is((Object) before));
        ws.given().when().get("/v1/executions").then().body("pagination.total", is(0));
    }
}
