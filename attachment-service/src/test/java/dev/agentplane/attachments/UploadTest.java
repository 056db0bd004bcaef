package dev.agentplane.attachments;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;

import static dev.agentplane.attachments.Api.upload;
import static dev.agentplane.attachments.Api.uploaded;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Uploading decides the type from the bytes; metadata, download, list and delete per workspace. */
@QuarkusTest
class UploadTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    static Stream<Arguments> everyAcceptedType() {
        return Stream.of(
                Arguments.of("photo.jpg", TestFiles.jpeg(), "image/jpeg"),
                Arguments.of("pixel.png", TestFiles.png(), "image/png"),
                Arguments.of("anim.gif", TestFiles.gif(), "image/gif"),
                Arguments.of("pic.webp", TestFiles.webp(), "image/webp"),
                Arguments.of("report.pdf", TestFiles.pdf(1, "hello"), "application/pdf"),
                Arguments.of("notes.txt", TestFiles.text("plain words\nsecond line é"), "text/plain"),
                Arguments.of("table.csv", TestFiles.text("a,b\n1,2\n"), "text/csv"),
                Arguments.of("README.md", TestFiles.text("# Title\n\n* item\n"), "text/markdown"));
    }

    @ParameterizedTest
    @MethodSource("everyAcceptedType")
    void everyAcceptedTypeIsRecognisedByItsBytes(String name, byte[] bytes, String type) throws Exception {
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        upload(ws.token(), name, bytes).statusCode(201)
                .body("content_type", is(type), "size", is(bytes.length), "sha256", is(sha), "filename", is(name),
                        "storage_key", startsWith("attachments/" + ws.workspaceId() + "/"),
                        "created_at", notNullValue(), "signed_url", containsString("/v1/attachments/download/"),
                        "signed_url_expires_at", notNullValue());
    }

    @Test
    void aRenamedFileKeepsItsRealType() {
        upload(ws.token(), "actually-a-picture.pdf", TestFiles.png()).statusCode(201)
                .body("content_type", is("image/png"), "filename", is("actually-a-picture.pdf"));
        upload(ws.token(), "data.csv", TestFiles.gif()).statusCode(201).body("content_type", is("image/gif"));
    }

    @Test
    void aDisguisedExecutableIsRefused() {
        upload(ws.token(), "cute-cat.png", TestFiles.exe()).statusCode(415)
                .contentType("application/problem+json")
                .body("code", is("UNSUPPORTED_MEDIA_TYPE"), "accepted_types", hasItem("image/png"));
        upload(ws.token(), "notes.txt", TestFiles.text("\u00ff")).statusCode(201);
        upload(ws.token(), "latin1.txt", new byte[]{'c', 'a', 'f', (byte) 0xE9}).statusCode(415)
                .body("code", is("UNSUPPORTED_MEDIA_TYPE"));
        upload(ws.token(), "archive.zip", new byte[]{'P', 'K', 3, 4, 0, 0, 0, 0}).statusCode(415);
    }

    @Test
    void badRequestsNameTheProblem() {
        upload(ws.token(), "empty.txt", new byte[0]).statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).multiPart("other", "x.txt", TestFiles.text("x"), "text/plain")
                .when().post("/v1/attachments").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("file"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/attachments").then().statusCode(415).body("code", is("UNSUPPORTED_MEDIA_TYPE"));
        given().auth().oauth2(ws.token()).multiPart("file", "a.txt", TestFiles.text("x"), "text/plain")
                .multiPart("purpose", "NOT VALID!").when().post("/v1/attachments").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("purpose"));
        given().multiPart("file", "a.txt", TestFiles.text("x")).when().post("/v1/attachments").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
    }

    @Test
    void filenamesAreCleaned() {
        upload(ws.token(), "../../etc/passwd.txt", TestFiles.text("root")).statusCode(201)
                .body("filename", is("passwd.txt"), "storage_key", not(containsString("..")));
    }

    @Test
    void metadataAndAuthenticatedDownload() {
        byte[] pdf = TestFiles.pdf(2, "download");
        String key = given().auth().oauth2(ws.token()).multiPart("file", "d.pdf", pdf).multiPart("purpose", "rag")
                .when().post("/v1/attachments").then().statusCode(201).extract().path("storage_key");
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key).then().statusCode(200)
                .body("storage_key", is(key), "purpose", is("rag"), "size", is(pdf.length));
        byte[] body = given().auth().oauth2(ws.executeToken()).when().get("/v1/attachments/" + key + "/content")
                .then().statusCode(200).contentType("application/pdf").header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", startsWith("attachment;")).extract().asByteArray();
        assertArrayEquals(pdf, body);
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/attachments/nope/missing.png").then()
                .statusCode(404).body("code", is("ATTACHMENT_NOT_FOUND"));
    }

    @Test
    void listIsPagedFilteredAndScoped() {
        uploaded(ws.token(), "a.png", TestFiles.png());
        uploaded(ws.token(), "b.txt", TestFiles.text("b"));
        uploaded(ws.token(), "c.txt", TestFiles.text("cc"));
        uploaded(TestTokens.newWorkspace().token(), "other.txt", TestFiles.text("x"));
        given().auth().oauth2(ws.token()).queryParam("limit", 2).queryParam("sort", "filename").queryParam("order", "asc")
                .when().get("/v1/attachments").then().statusCode(200)
                .body("items.filename", contains("a.png", "b.txt"), "pagination.total", is(3),
                        "pagination.has_more", is(true));
        given().auth().oauth2(ws.token()).queryParam("content_type", "text/plain").when().get("/v1/attachments")
                .then().statusCode(200).body("items.filename", containsInAnyOrder("b.txt", "c.txt"));
        given().auth().oauth2(ws.token()).queryParam("limit", 500).when().get("/v1/attachments").then()
                .statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.executeToken()).when().get("/v1/attachments").then().statusCode(403);
    }

    @Test
    void deleteRemovesTheRowAndTheBytes() {
        String key = uploaded(ws.token(), "gone.txt", TestFiles.text("soon gone"));
        Path bytes = Path.of("target/test-storage").resolve(key);
        assertTrue(Files.exists(bytes), "stored at " + bytes);
        given().auth().oauth2(ws.executeToken()).when().delete("/v1/attachments/" + key).then().statusCode(403);
        given().auth().oauth2(ws.token()).when().delete("/v1/attachments/" + key).then().statusCode(204);
        assertFalse(Files.exists(bytes), "the bytes are gone");
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key).then().statusCode(404);
        given().auth().oauth2(ws.token()).when().delete("/v1/attachments/" + key).then().statusCode(404);
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        String key = uploaded(ws.token(), "private.txt", TestFiles.text("secret"));
        String other = TestTokens.newWorkspace().token();
        for (String path : new String[]{"", "/content", "/text"}) {
            given().auth().oauth2(other).when().get("/v1/attachments/" + key + path).then().statusCode(404)
                    .body("code", is("ATTACHMENT_NOT_FOUND"));
        }
        given().auth().oauth2(other).when().delete("/v1/attachments/" + key).then().statusCode(404);
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key + "/content").then().statusCode(200)
                .body(is("secret"));
    }
}
