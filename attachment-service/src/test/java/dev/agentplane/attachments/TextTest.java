package dev.agentplane.attachments;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Text of PDFs (made with PDFBox here), plain text, CSV and Markdown, capped and cached. */
@QuarkusTest
class TextTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Inject
    EntityManager em;

    @Test
    void aMultiPagePdfYieldsEveryPageInOrder() {
        String key = Api.uploaded(ws.token(), "three.pdf", TestFiles.pdf(3, "quarterly figures"));
        String text = given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key + "/text").then()
                .statusCode(200).body("storage_key", is(key), "content_type", is("application/pdf"),
                        "truncated", is(false)).extract().path("text");
        int one = text.indexOf("Page 1 of 3: quarterly figures");
        int two = text.indexOf("Page 2 of 3: quarterly figures");
        int three = text.indexOf("Page 3 of 3: quarterly figures");
        assertTrue(one >= 0 && two > one && three > two, text);
        assertEquals(1L, cachedRows(key), "the text is cached");
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key + "/text").then().statusCode(200)
                .body("text", is(text));
    }

    @Test
    void textFilesAreReturnedAsWritten() {
        String csv = Api.uploaded(ws.token(), "t.csv", TestFiles.text("\uFEFFname,qty\nbolt,3\n"));
        given().auth().oauth2(ws.executeToken()).when().get("/v1/attachments/" + csv + "/text").then().statusCode(200)
                .body("text", is("name,qty\nbolt,3\n"), "content_type", is("text/csv"));
        String md = Api.uploaded(ws.token(), "n.md", TestFiles.text("# Über\n"));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + md + "/text").then().statusCode(200)
                .body("text", is("# Über\n"), "content_type", is("text/markdown"));
    }

    @Test
    void longTextIsCutAtTheCap() {
        String key = Api.uploaded(ws.token(), "long.txt", TestFiles.text("x".repeat(12_000)));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + key + "/text").then().statusCode(200)
                .body("truncated", is(true), "text.length()", is(10_000));
        String pdf = Api.uploaded(ws.token(), "many.pdf", TestFiles.pdf(6, "p"));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + pdf + "/text").then().statusCode(200)
                .body("truncated", is(true), "text", containsString("Page 5 of 6"), "text", not(containsString("Page 6")));
    }

    @Test
    void imagesHaveNoTextAndBrokenPdfsSaySo() {
        String png = Api.uploaded(ws.token(), "i.png", TestFiles.png());
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + png + "/text").then().statusCode(415)
                .body("code", is("TEXT_NOT_EXTRACTABLE"));
        String broken = Api.uploaded(ws.token(), "broken.pdf", TestFiles.text("%PDF-1.7\nnot really a pdf"));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + broken + "/text").then().statusCode(422)
                .body("code", is("TEXT_EXTRACTION_FAILED"));
    }

    private long cachedRows(String key) {
        return ((Number) em.createNativeQuery("select count(*) from attachment_text t join attachment a "
                + "on a.id = t.attachment_id where a.storage_key = ?1").setParameter(1, key).getSingleResult()).longValue();
    }
}
