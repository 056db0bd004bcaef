package dev.agentplane.knowledge.document;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.knowledge.attachment.AttachmentApi;
import dev.agentplane.knowledge.attachment.AttachmentClient;
import dev.agentplane.knowledge.config.KnowledgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Adds documents from inline text or an attachment; the attachment is checked before anything is written. */
@ApplicationScoped
public class DocumentService {
    @Inject
    DocumentStore store;
    @Inject
    AttachmentClient attachments;
    @Inject
    KnowledgeConfig config;

    public DocumentStore.Added add(Caller caller, String baseId, DocumentRequests.Add request) {
        boolean inline = request.text() != null;
        boolean attached = request.storageKey() != null;
        if (inline == attached) {
            throw ApiException.invalid("Give either 'text' or 'storage_key'.", List.of(
                    new FieldError("text", "exactly one of text and storage_key is required"),
                    new FieldError("storage_key", "exactly one of text and storage_key is required")));
        }
        store.requireBase(caller.workspaceId(), baseId);
        if (inline) {
            String text = request.text().replace("\u0000", "");
            if (text.isBlank()) {
                throw ApiException.invalid("text", "must not be blank");
            }
            if (text.length() > config.maxDocumentChars()) {
                throw ApiException.invalid("text", "must be at most " + config.maxDocumentChars() + " characters");
            }
            return store.add(caller, baseId, new DocumentStore.Draft(KbDocument.INLINE, null, request.title(),
                    "text/plain", sha256(text), text, request.metadata()));
        }
        AttachmentApi.Metadata metadata = attachments.document(request.storageKey());
        String title = request.title() != null ? request.title() : metadata.filename();
        return store.add(caller, baseId, new DocumentStore.Draft(KbDocument.ATTACHMENT, metadata.storageKey(),
                title, metadata.contentType(), metadata.sha256(), null, request.metadata()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
