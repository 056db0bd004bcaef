package dev.agentplane.attachments.signing;

import dev.agentplane.attachments.config.AttachmentsConfig;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs download URLs: HMAC-SHA256 over the storage key and the expiry second. The URL alone is the
 * credential, so anyone holding it can download that one object until it expires.
 */
@ApplicationScoped
public class UrlSigner {
    private static final Logger LOG = Logger.getLogger(UrlSigner.class);
    public static final String PATH = "/v1/attachments/download/";

    private final AttachmentsConfig config;
    private final byte[] key;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public UrlSigner(AttachmentsConfig config) {
        this.config = config;
        if (config.signingKey().filter(k -> !k.isBlank()).isPresent()) {
            this.key = config.signingKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            this.key = new byte[32];
            new SecureRandom().nextBytes(this.key);
            LOG.warn("agentplane.attachments.signing-key is not set: signed URLs use a random key made at start. "
                    + "They stop working after a restart, and several replicas need one shared key.");
        }
    }

    /** A signed absolute URL for the key, valid for the configured lifetime. */
    public SignedUrl sign(String storageKey) {
        return sign(storageKey, clock.instant().plus(config.signedUrlTtl()));
    }

    public SignedUrl sign(String storageKey, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        String url = config.publicUrl().replaceAll("/+$", "") + PATH + storageKey
                + "?expires=" + expires + "&signature=" + URLEncoder.encode(mac(storageKey, expires), StandardCharsets.UTF_8);
        return new SignedUrl(url, Instant.ofEpochSecond(expires));
    }

    /** Checks a presented signature: 403 when it does not match the key and expiry, 410 when it expired. */
    public void verify(String storageKey, Long expires, String signature) {
        if (expires == null || signature == null || signature.isBlank()) {
            throw new ApiException(403, "SIGNATURE_INVALID", "The URL has no valid signature.");
        }
        byte[] expected = mac(storageKey, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(403, "SIGNATURE_INVALID", "The URL's signature does not match.");
        }
        if (clock.instant().getEpochSecond() > expires) {
            throw new ApiException(410, "SIGNED_URL_EXPIRED", "The signed URL has expired; request a new one.");
        }
    }

    private String mac(String storageKey, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((storageKey + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed URL and when it stops working. */
    public record SignedUrl(String url, Instant expiresAt) {
    }
}
