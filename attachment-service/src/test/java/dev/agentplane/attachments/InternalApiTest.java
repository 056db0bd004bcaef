package dev.agentplane.attachments;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** The execution service's API: metadata and text mark uploads referenced; fetch stores external images. */
@QuarkusTest
class InternalApiTest {
    private static WireMockServer images;
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @BeforeAll
    static void startImageHost() {
        // 127.0.0.1 is allowed for tests only (agentplane.attachments.fetch.allowed-cidrs in the test profile)
        images = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        images.start();
        images.stubFor(WireMock.get("/cat.png").willReturn(WireMock.aResponse().withHeader("Content-Type", "image/png")
                .withBody(TestFiles.png())));
        images.stubFor(WireMock.get("/page.html").willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "image/png").withBody(TestFiles.exe())));
        images.stubFor(WireMock.get("/moved").willReturn(WireMock.aResponse().withStatus(302)
                .withHeader("Location", "/cat.png")));
        images.stubFor(WireMock.get("/to-metadata").willReturn(WireMock.aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
        images.stubFor(WireMock.get("/huge.png").willReturn(WireMock.aResponse()
                .withBody(TestFiles.concat(TestFiles.png(), new byte[300 * 1024]))));
        images.stubFor(WireMock.get("/missing.png").willReturn(WireMock.aResponse().withStatus(404)));
        images.stubFor(WireMock.get("/slow.png").willReturn(WireMock.aResponse().withFixedDelay(4_000)
                .withBody(TestFiles.png())));
    }

    @AfterAll
    static void stopImageHost() {
        images.stop();
    }

    @Test
    void metadataForTheExecutionServiceMarksTheUploadReferenced() {
        String key = Api.uploaded(ws.token(), "doc.md", TestFiles.text("# hi\n"));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key).then().body("referenced_at", nullValue());
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/attachments/" + key).then().statusCode(200)
                .body("storage_key", is(key), "filename", is("doc.md"), "content_type", is("text/markdown"),
                        "size", is(5), "sha256", hasLength(64), "created_at", notNullValue(),
                        "signed_url", containsString("signature="), "referenced_at", notNullValue());
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key).then().body("referenced_at", notNullValue());
    }

    @Test
    void textForTheExecutionService() {
        String pdf = Api.uploaded(ws.token(), "r.pdf", TestFiles.pdf(2, "internal"));
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/attachments/" + pdf + "/text").then()
                .statusCode(200).body("storage_key", is(pdf), "content_type", is("application/pdf"),
                        "text", containsString("Page 2 of 2: internal"), "truncated", is(false),
                        // pages are separated by a form feed (knowledge-service numbers chunks' pages by it)
                        "text", matchesPattern("(?s)[^\f]*Page 1 of 2[^\f]*\f[^\f]*Page 2 of 2[^\f]*"));
        String png = Api.uploaded(ws.token(), "i.png", TestFiles.png());
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/attachments/" + png + "/text").then()
                .statusCode(415).body("code", is("TEXT_NOT_EXTRACTABLE"));
    }

    @Test
    void internalPathsNeedAServiceTokenOfTheSameWorkspace() {
        String key = Api.uploaded(ws.token(), "x.txt", TestFiles.text("x"));
        given().auth().oauth2(ws.token()).when().get("/internal/attachments/" + key).then().statusCode(403);
        given().when().get("/internal/attachments/" + key).then().statusCode(401);
        String other = TestTokens.newWorkspace().serviceToken();
        given().auth().oauth2(other).when().get("/internal/attachments/" + key).then().statusCode(404)
                .body("code", is("ATTACHMENT_NOT_FOUND"));
        given().auth().oauth2(other).when().get("/internal/attachments/" + key + "/text").then().statusCode(404);
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"url\":\"http://x/\"}")
                .when().post("/internal/attachments/fetch").then().statusCode(403);
    }

    @Test
    void fetchStoresAnExternalImageInTheWorkspace() {
        String key = fetch(images.baseUrl() + "/cat.png").statusCode(201)
                .body("content_type", is("image/png"), "filename", is("cat.png"), "purpose", is("image_url"),
                        "storage_key", startsWith("attachments/" + ws.workspaceId() + "/"),
                        "signed_url", notNullValue(), "referenced_at", notNullValue()).extract().path("storage_key");
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key + "/content").then().statusCode(200);
        fetch(images.baseUrl() + "/moved").statusCode(201).body("content_type", is("image/png"));
    }

    @Test
    void fetchesOneAfterAnotherAfterRedirectsAndErrors() {
        // a redirect or an error ends its exchange by closing the connection; the next fetch must not get it
        for (int i = 0; i < 20; i++) {
            fetch(images.baseUrl() + "/cat.png").statusCode(201);
            fetch(images.baseUrl() + "/moved").statusCode(201);
            fetch(images.baseUrl() + "/missing.png").statusCode(422);
        }
    }

    @Test
    void fetchRefusesWhatIsNotAnImage() {
        fetch(images.baseUrl() + "/page.html").statusCode(415).body("code", is("UNSUPPORTED_MEDIA_TYPE"));
        String text = Api.uploaded(ws.token(), "t.txt", TestFiles.text("t"));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments").then().body("items.storage_key", contains(text));
    }

    @Test
    void fetchRefusesInternalAddressesAndBadUrls() {
        for (String url : new String[]{"http://127.0.0.2:" + images.port() + "/cat.png", "http://10.0.0.1/a.png",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/a.png", "http://100.64.0.1/a.png",
                "http://192.168.1.1/a.png", "file:///etc/passwd", "ftp://example.com/a.png",
                "http://user:pw@example.com/a.png", "http://0.0.0.0/a.png"}) {
            fetch(url).statusCode(400).body("code", is("URL_NOT_ALLOWED"));
        }
        fetch(images.baseUrl() + "/to-metadata").statusCode(400).body("code", is("URL_NOT_ALLOWED"));
        given().auth().oauth2(ws.serviceToken()).contentType("application/json").body("{}")
                .when().post("/internal/attachments/fetch").then().statusCode(400).body("code", is("INVALID_INPUT"));
    }

    @Test
    void fetchStopsAtTheSizeAndTimeLimitsAndUpstreamErrors() {
        fetch(images.baseUrl() + "/huge.png").statusCode(413).body("code", is("PAYLOAD_TOO_LARGE"));
        fetch(images.baseUrl() + "/missing.png").statusCode(422).body("code", is("FETCH_FAILED"),
                "detail", containsString("404"));
        fetch(images.baseUrl() + "/slow.png").statusCode(422).body("code", is("FETCH_FAILED"));
    }

    private io.restassured.response.ValidatableResponse fetch(String url) {
        return given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(java.util.Map.of("url", url)).when().post("/internal/attachments/fetch").then().log().ifValidationFails();
    }

    @Test
    void anImageAToolGeneratedIsStoredInTheCallersWorkspace() {
        String key = given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(java.util.Map.of("filename", "generated.png", "data",
                        java.util.Base64.getEncoder().encodeToString(TestFiles.png())))
                .when().post("/internal/attachments/images").then().statusCode(201)
                .body("storage_key", startsWith("attachments/" + ws.workspaceId() + "/"), "content_type", is("image/png"),
                        "signed_url", containsString("signature="), "purpose", is("image_url"))
                .extract().path("storage_key");
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key).then().statusCode(200);
        given().auth().oauth2(TestTokens.newWorkspace().token()).when().get("/v1/attachments/" + key).then().statusCode(404);
        // bytes are sniffed like any upload's: not an image → 415; not base64 → 400; only for services
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(java.util.Map.of("filename", "x.png", "data", java.util.Base64.getEncoder().encodeToString(TestFiles.exe())))
                .when().post("/internal/attachments/images").then().statusCode(415);
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(java.util.Map.of("filename", "x.png", "data", "not base64!"))
                .when().post("/internal/attachments/images").then().statusCode(400);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(java.util.Map.of("filename", "x.png", "data", "AA=="))
                .when().post("/internal/attachments/images").then().statusCode(403);
    }
}
