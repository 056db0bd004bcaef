package dev.agentplane.knowledge.attachment;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.knowledge.error.KnowledgeError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.regex.Pattern;

/** Reads attachments for documents, with timeouts, retries and a circuit breaker; failures become problems. */
@ApplicationScoped
public class AttachmentClient {
    private static final Logger LOG = Logger.getLogger(AttachmentClient.class);
    private static final Pattern SAFE_KEY = Pattern.compile("^attachments/[A-Za-z0-9_-]{1,100}/[A-Za-z0-9_.-]{1,200}$");

    @Inject
    Calls calls;

    /** The attachment's metadata (marking it referenced); 400 when it does not exist or has no text. */
    public AttachmentApi.Metadata document(String key) {
        if (key == null || !SAFE_KEY.matcher(key).matches()) {
            throw ApiException.invalid("storage_key", "is not a storage key (attachments/{workspace}/{name})");
        }
        AttachmentApi.Metadata metadata = guarded(() -> calls.metadata(key));
        if (metadata == null) {
            throw ApiException.invalid("storage_key", "no attachment with this storage key exists in this workspace");
        }
        if (metadata.contentType() == null || metadata.contentType().startsWith("image/")) {
            throw KnowledgeError.ATTACHMENT_NOT_USABLE.exception(
                    "Only documents (PDF, text, Markdown, CSV) can be added to a knowledge base, not images.");
        }
        return metadata;
    }

    /** The attachment's extracted text; a 4xx answer (deleted, unreadable) comes back as {@link Refused}. */
    public AttachmentApi.Text text(String key) {
        return guarded(() -> calls.text(key));
    }

    /** attachment-service refused for good: the document cannot be ingested. */
    public static class Refused extends RuntimeException {
        public final int status;

        Refused(int status) {
            super("attachment-service answered " + status, null, false, false);
            this.status = status;
        }
    }

    private static <T> T guarded(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ProcessingException | FaultToleranceException e) {
            LOG.warnf("attachment-service call failed: %s", e.toString());
            throw KnowledgeError.ATTACHMENT_SERVICE_UNAVAILABLE.exception(
                    "The attachment service could not be reached; retry shortly.");
        } catch (WebApplicationException e) {
            throw new Refused(e.getResponse().getStatus());
        }
    }

    /** The guarded calls themselves (a separate bean so that the fault-tolerance interceptors apply). */
    @ApplicationScoped
    public static class Calls {
        @Inject
        @RestClient
        AttachmentApi api;

        @Timeout(5000)
        @Retry(maxRetries = 2, delay = 100, retryOn = ProcessingException.class)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public AttachmentApi.Metadata metadata(String key) {
            try {
                return api.metadata(key);
            } catch (WebApplicationException e) {
                if (e.getResponse().getStatus() == 404) {
                    return null;
                }
                throw retryable(e);
            }
        }

        // extraction of a long PDF takes a while (attachment-service caches the text afterwards)
        @Timeout(60000)
        @Retry(maxRetries = 2, delay = 500, retryOn = ProcessingException.class)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public AttachmentApi.Text text(String key) {
            try {
                return api.text(key);
            } catch (WebApplicationException e) {
                throw retryable(e);
            }
        }

        private static RuntimeException retryable(WebApplicationException e) {
            // a 5xx is worth a retry; anything else is not
            int status = e.getResponse().getStatus();
            return status >= 500 ? new ProcessingException("attachment-service answered " + status) : e;
        }
    }
}
