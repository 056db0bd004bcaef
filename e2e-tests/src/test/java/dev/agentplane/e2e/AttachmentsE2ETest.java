package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Attachments through the gateway: every type by its bytes, signed URLs, text, delete, isolation. */
class AttachmentsE2ETest {
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0,
            1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};

    private static String upload(Platform.Workspace ws, String name, byte[] bytes, String expectedType) {
        return ws.given().multiPart("file", name, bytes, "application/octet-stream").when().post("/v1/attachments")
                .then().statusCode(201).body("content_type", is(expectedType), "size", is(bytes.length),
                        "storage_key", startsWith("attachments/" + ws.workspaceId() + "/"))
                .extract().path("storage_key");
    }

    @Test
    void everyTypeIsDecidedByItsBytes() {
        Platform.Workspace ws = Platform.newWorkspace();
        upload(ws, "a.png", PNG, "image/png");
        upload(ws, "a.jpg", JPEG, "image/jpeg");
        upload(ws, "a.gif", GIF, "image/gif");
        upload(ws, "a.webp", WEBP, "image/webp");
        upload(ws, "a.pdf", pdf("hello"), "application/pdf");
        upload(ws, "a.txt", utf8("plain"), "text/plain");
        upload(ws, "a.csv", utf8("a,b\n1,2\n"), "text/csv");
        upload(ws, "a.md", utf8("# T\n"), "text/markdown");
        upload(ws, "renamed.pdf", PNG, "image/png");
        byte[] exe = new byte[128];
        exe[0] = 'M';
        exe[1] = 'Z';
        ws.given().multiPart("file", "cat.png", exe).when().post("/v1/attachments").then().statusCode(415)
                .contentType("application/problem+json").body("code", is("UNSUPPORTED_MEDIA_TYPE"));
        ws.given().when().get("/v1/attachments").then().statusCode(200).body("pagination.total", is(9));
    }

    @Test
    void signedUrlsTextAndDelete() {
        Platform.Workspace ws = Platform.newWorkspace();
        byte[] pdf = pdf("gateway text");
        String signed = ws.given().multiPart("file", "doc.pdf", pdf).when().post("/v1/attachments").then()
                .statusCode(201).extract().path("signed_url");
        String key = ws.given().when().get("/v1/attachments").then().extract().path("items[0].storage_key");
        String path = pathOf(signed);
        byte[] body = Platform.anonymous().when().get(path).then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        assertArrayEquals(pdf, body);
        String tampered = path.replaceFirst("expires=(\\d+)", "expires=1$1");
        Platform.anonymous().when().get(tampered).then().statusCode(403).body("code", is("SIGNATURE_INVALID"));
        ws.given().when().get("/v1/attachments/" + key + "/text").then().statusCode(200)
                .body("text", containsString("gateway text"), "truncated", is(false));
        ws.given().when().delete("/v1/attachments/" + key).then().statusCode(204);
        ws.given().when().get("/v1/attachments/" + key).then().statusCode(404).body("code", is("ATTACHMENT_NOT_FOUND"));
        Platform.anonymous().when().get(path).then().statusCode(404);
    }

    @Test
    void anotherWorkspaceCannotReadDownloadExtractOrDelete() {
        Platform.Workspace owner = Platform.newWorkspace();
        Platform.Workspace other = Platform.newWorkspace();
        String key = upload(owner, "secret.txt", utf8("secret"), "text/plain");
        for (String suffix : List.of("", "/content", "/text")) {
            other.given().when().get("/v1/attachments/" + key + suffix).then().statusCode(404);
        }
        other.given().when().delete("/v1/attachments/" + key).then().statusCode(404);
        owner.given().when().get("/v1/attachments/" + key + "/content").then().statusCode(200).body(is("secret"));
        Platform.anonymous().when().get("/v1/attachments/" + key).then().statusCode(401);
    }

    @Test
    void fiftyMibAndOneByteIsRefusedAsAProblem() {
        Platform.Workspace ws = Platform.newWorkspace();
        byte[] big = new byte[50 * 1024 * 1024 + 1];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        ws.given().multiPart("file", "big.png", big).when().post("/v1/attachments").then().statusCode(413)
                .contentType("application/problem+json").body("code", is("PAYLOAD_TOO_LARGE"));
        ws.given().when().get("/v1/attachments").then().body("pagination.total", is(0));
    }

    private static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A two-page PDF written by hand (no PDF library in this module), with a correct xref table. */
    static byte[] pdf(String text) {
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
                stream("BT /F1 12 Tf 72 700 Td (Page one: " + text + ") Tj ET"),
                stream("BT /F1 12 Tf 72 700 Td (Page two: " + text + ") Tj ET"),
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format("%010d 00000 n \n", o)));
        write(out, table + "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static String stream(String content) {
        return "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream";
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
