package dev.agentplane.execution.webhook;

import dev.agentplane.execution.webhook.delivery.Signer;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The signature against the Standard Webhooks specification's own test vector (its libraries' sign tests). */
class SignerTest {
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void matchesTheSpecificationsVector() {
        assertEquals(SPEC_SIGNATURE, Signer.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void anyChangeToIdTimestampOrBodyChangesTheSignature() {
        assertNotEquals(SPEC_SIGNATURE, Signer.sign(SPEC_SECRET, SPEC_ID + "x", SPEC_TIMESTAMP, SPEC_BODY));
        assertNotEquals(SPEC_SIGNATURE, Signer.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY));
        assertNotEquals(SPEC_SIGNATURE, Signer.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY + " "));
    }

    @Test
    void twoSecretsSignSideBySideSpaceSeparated() {
        String other = Signer.newSecret();
        String header = Signer.header(List.of(other, SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
        String[] parts = header.split(" ");
        assertEquals(2, parts.length);
        assertEquals(Signer.sign(other, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY), parts[0]);
        assertEquals(SPEC_SIGNATURE, parts[1]);
    }

    @Test
    void newSecretsAreWhsecAnd32RandomBytes() {
        String a = Signer.newSecret();
        assertTrue(a.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(a.substring(6)).length);
        assertNotEquals(a, Signer.newSecret());
    }
}
