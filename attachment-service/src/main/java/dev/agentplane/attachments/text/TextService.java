package dev.agentplane.attachments.text;

import dev.agentplane.attachments.attachment.Attachment;
import dev.agentplane.attachments.attachment.AttachmentCatalog;
import dev.agentplane.attachments.attachment.AttachmentService;
import dev.agentplane.attachments.config.AttachmentsConfig;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Extracted text of document attachments, computed once and cached in {@code attachment_text}. */
@ApplicationScoped
public class TextService {
    private static final Logger LOG = Logger.getLogger(TextService.class);
    public static final String NOT_EXTRACTABLE = "TEXT_NOT_EXTRACTABLE";

    @Inject
    AttachmentsConfig config;
    @Inject
    AttachmentCatalog catalog;
    @Inject
    AttachmentService attachments;
    @Inject
    TextCache cache;

    /** The text of the attachment; {@code reference} also marks it as used by another service. */
    public ExtractedText text(String workspaceId, String storageKey, boolean reference) {
        Attachment a = reference ? catalog.reference(workspaceId, storageKey) : catalog.get(workspaceId, storageKey);
        if (a.isImage()) {
            throw new ApiException(415, NOT_EXTRACTABLE, "Images have no extractable text; use the signed URL.");
        }
        TextExtractor.Result result = cache.find(a.id).orElseGet(() -> cache.store(a.id, extract(a)));
        return new ExtractedText(a.storageKey, a.contentType, result.text(), result.truncated());
    }

    private TextExtractor.Result extract(Attachment a) {
        int maxChars = config.text().maxChars();
        try (InputStream in = attachments.open(a)) {
            if (!"application/pdf".equals(a.contentType)) {
                return TextExtractor.plain(in, maxChars);
            }
            // PDFBox needs random access: give it a local copy (the storage may be S3)
            Path copy = Files.createTempFile("attachment-", ".pdf");
            try {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                return TextExtractor.pdf(copy, config.text().maxPdfPages(), maxChars);
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            LOG.infof("text extraction of %s failed: %s", a.storageKey, e.getMessage());
            throw new ApiException(422, "TEXT_EXTRACTION_FAILED",
                    "The document could not be read (damaged or encrypted PDF).");
        }
    }
}
