package dev.agentplane.attachments;

import dev.agentplane.attachments.signing.UrlSigner;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.agentplane.attachments.Api.pathOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A signed URL opens exactly one object until it expires, with no other credential. */
@QuarkusTest
class SignedUrlTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Inject
    UrlSigner signer;

    @Test
    void aSignedUrlDownloadsWithoutCredentials() {
        byte[] png = TestFiles.png();
        String url = Api.upload(ws.token(), "p.png", png).statusCode(201).extract().path("signed_url");
        byte[] body = given().when().get(pathOf(url)).then().statusCode(200).contentType("image/png")
                .header("Content-Disposition", startsWith("inline;")).extract().asByteArray();
        assertArrayEquals(png, body);
    }

    @Test
    void aTamperedSignatureOrExpiryIs403() {
        String url = Api.upload(ws.token(), "t.txt", TestFiles.text("t")).statusCode(201).extract().path("signed_url");
        String path = pathOf(url);
        String sig = path.substring(path.indexOf("signature=") + 10);
        String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        given().when().get(path.replace(sig, flipped)).then().statusCode(403)
                .contentType("application/problem+json").body("code", is("SIGNATURE_INVALID"));
        given().when().get(path.replaceFirst("expires=\\d+", "expires=9999999999")).then().statusCode(403)
                .body("code", is("SIGNATURE_INVALID"));
        given().when().get(path.substring(0, path.indexOf('?'))).then().statusCode(403)
                .body("code", is("SIGNATURE_INVALID"));
    }

    @Test
    void aSignatureForOneKeyDoesNotOpenAnother() {
        String first = Api.upload(ws.token(), "a.txt", TestFiles.text("a")).statusCode(201).extract().path("signed_url");
        String otherKey = Api.uploaded(ws.token(), "b.txt", TestFiles.text("b"));
        String query = pathOf(first).substring(pathOf(first).indexOf('?'));
        given().when().get(UrlSigner.PATH + otherKey + query).then().statusCode(403)
                .body("code", is("SIGNATURE_INVALID"));
    }

    @Test
    void anExpiredUrlIs410() {
        String key = Api.uploaded(ws.token(), "old.txt", TestFiles.text("old"));
        String expired = signer.sign(key, Instant.now().minusSeconds(5)).url();
        given().when().get(pathOf(expired)).then().statusCode(410).body("code", is("SIGNED_URL_EXPIRED"));
    }

    @Test
    void aDeletedAttachmentsUrlIs404() {
        String url = Api.upload(ws.token(), "d.txt", TestFiles.text("d")).statusCode(201).extract().path("signed_url");
        String key = url.substring(url.indexOf(UrlSigner.PATH) + UrlSigner.PATH.length(), url.indexOf('?'));
        given().auth().oauth2(ws.token()).when().delete("/v1/attachments/" + key).then().statusCode(204);
        given().when().get(pathOf(url)).then().statusCode(404).body("code", is("ATTACHMENT_NOT_FOUND"));
    }
}
