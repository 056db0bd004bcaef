package dev.agentplane.execution.attachment;

import dev.agentplane.execution.client.DependencyCall;
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
    private static final String SERVICE = "attachment service";
    private static final Pattern SAFE_KEY = Pattern.compile("^attachments/[A-Za-z0-9_-]{1,100}/[A-Za-z0-9_.-]{1,200}$");

    @Inject
    @RestClient
    AttachmentApi api;
    @Inject
    DependencyCall calls;

    /** A document's text, or null when the attachment is an image (no text to extract). */
    public AttachmentApi.Text text(Caller caller, String key, String field) {
        checkKey(key, field);
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.text(key, auth, calls.requestId()));
        if (answer.status() == 415) {
            return null;
        }
        return calls.read(ok(answer, field), AttachmentApi.Text.class);
    }

    /** Metadata with a fresh signed URL. */
    public AttachmentApi.Metadata metadata(Caller caller, String key, String field) {
        checkKey(key, field);
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.metadata(key, auth, calls.requestId()));
        return calls.read(ok(answer, field), AttachmentApi.Metadata.class);
    }

    /** Stores an external image as an attachment of the workspace; its signed URL is what the model gets. */
    public AttachmentApi.Metadata fetch(Caller caller, String url, String field) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.fetch(new AttachmentApi.FetchRequest(url), auth,
                calls.requestId()));
        return calls.read(ok(answer, field), AttachmentApi.Metadata.class);
    }

    private static void checkKey(String key, String field) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw ApiException.invalid(field, "is not a storage key (attachments/{workspace}/{name})");
        }
    }

    private DependencyCall.Answer ok(DependencyCall.Answer answer, String field) {
        if (answer.ok()) {
            return answer;
        }
        if (answer.status() == 404) {
            throw ApiException.invalid(field, "no attachment with this storage key exists in this workspace");
        }
        if (answer.status() == 400 || answer.status() == 413 || answer.status() == 415 || answer.status() == 422) {
            // URL_NOT_ALLOWED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, FETCH_FAILED, TEXT_EXTRACTION_FAILED
            throw ApiException.invalid(field, refusal(answer));
        }
        throw calls.unexpected(SERVICE, answer);
    }

    private String refusal(DependencyCall.Answer answer) {
        String code = answer.code();
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
