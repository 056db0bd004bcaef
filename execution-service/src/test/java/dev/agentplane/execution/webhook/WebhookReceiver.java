package dev.agentplane.execution.webhook;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.*;

/** A receiver path on the test's WireMock, and an independent Standard Webhooks verification. */
final class WebhookReceiver {
    private WebhookReceiver() {
    }

    static List<LoggedRequest> requests(WireMock wm, String path) {
        return wm.find(postRequestedFor(urlPathEqualTo(path)));
    }

    /**
     * True when one of the header's signatures is the HMAC-SHA256 of "id.timestamp.body" under this secret
     * (written from the specification, not with the code under test).
     */
    static boolean verifies(String secret, LoggedRequest request) throws Exception {
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(
                (id + "." + timestamp + "." + request.getBodyAsString()).getBytes(StandardCharsets.UTF_8)));
        for (String part : request.getHeader("webhook-signature").split(" ")) {
            if (part.equals("v1," + expected)) {
                return true;
            }
        }
        return false;
    }
}
