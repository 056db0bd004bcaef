package dev.agentplane.execution.attachment;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.regex.Pattern;

/**
 * Reads attachments for a run: a document's extracted text, an image's signed URL, and an external
 * image fetched (SSRF-guarded, size- and time-capped) by the attachment service. The caller's field
 * name goes into every 400 so that a client knows which reference was wrong.
 */
@ApplicationScoped
public class AttachmentClient {
    private static final Pattern SAFE_KEY = Pattern.compile("^attachments/[A-Za-z0-9_-]{1,100}/[A-Za-z0-9_.-]{1,200}$");

    @Inject
    @RestClient
    AttachmentApi api;

    /** A document's text, or null when the attachment is an image (no text to extract). */
    public AttachmentApi.Text text(Caller caller, String key, String field) {
        checkKey(key, field);
        try {
            return api.text(caller, key);
        } catch (DependencyErrors.Refused e) {
            if (e.refusedWith() == 415) {
                return null;
            }
            throw refused(e, field);
        }
    }

    /** Metadata with a fresh signed URL. */
    public AttachmentApi.Metadata metadata(Caller caller, String key, String field) {
        checkKey(key, field);
        try {
            return api.metadata(caller, key);
        } catch (DependencyErrors.Refused e) {
            throw refused(e, field);
        }
    }

    /** Stores an external image as an attachment of the workspace; its signed URL is what the model gets. */
    public AttachmentApi.Metadata fetch(Caller caller, String url, String field) {
        try {
            return api.fetch(caller, new AttachmentApi.FetchRequest(url));
        } catch (DependencyErrors.Refused e) {
            throw refused(e, field);
        }
    }

    /** Stores an image a tool generated as an attachment of the caller's workspace; answers it with a signed URL. */
    public AttachmentApi.Metadata storeImage(Caller caller, String filename, byte[] png) {
        return api.storeImage(caller, new AttachmentApi.ImageUpload(filename, java.util.Base64.getEncoder().encodeToString(png)));
    }

    private static void checkKey(String key, String field) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw ApiException.invalid(field, "is not a storage key (attachments/{workspace}/{name})");
        }
    }

    /** The attachment service's refusal as the caller's input error on {@code field}, when it is one. */
    private static ApiException refused(DependencyErrors.Refused e, String field) {
        if (e.refusedWith() == 404) {
            return ApiException.invalid(field, "no attachment with this storage key exists in this workspace");
        }
        if (e.refusedWith() == 400 || e.refusedWith() == 413 || e.refusedWith() == 415 || e.refusedWith() == 422) {
            // URL_NOT_ALLOWED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, FETCH_FAILED, TEXT_EXTRACTION_FAILED
            return ApiException.invalid(field, refusal(e.refusalCode()));
        }
        return e;
    }

    private static String refusal(String code) {
        return switch (code == null ? "" : code) {
            case "URL_NOT_ALLOWED" -> "this URL may not be fetched (only public http/https addresses)";
            case "PAYLOAD_TOO_LARGE" -> "the file at this URL is too large";
            case "UNSUPPORTED_MEDIA_TYPE" -> "the file at this URL is not a supported image";
            case "FETCH_FAILED" -> "the image could not be fetched";
            case "TEXT_EXTRACTION_FAILED" -> "no text could be extracted from this file";
            default -> "the attachment service refused this reference (" + code + ")";
        };
    }
}
