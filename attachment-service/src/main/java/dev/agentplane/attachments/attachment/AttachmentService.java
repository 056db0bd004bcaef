package dev.agentplane.attachments.attachment;

import dev.agentplane.attachments.config.AttachmentsConfig;
import dev.agentplane.attachments.signing.UrlSigner;
import dev.agentplane.attachments.sniff.ContentSniffer;
import dev.agentplane.attachments.storage.ObjectStorage;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Uploads, downloads and deletions: sniff, store the bytes, then record them under the quota. */
@ApplicationScoped
public class AttachmentService {
    private static final Logger LOG = Logger.getLogger(AttachmentService.class);
    public static final List<String> ACCEPTED = List.of("image/jpeg", "image/png", "image/gif", "image/webp",
            "application/pdf", "text/plain", "text/csv", "text/markdown");
    private static final Map<String, String> EXTENSIONS = Map.of("image/jpeg", ".jpg", "image/png", ".png",
            "image/gif", ".gif", "image/webp", ".webp", "application/pdf", ".pdf", "text/plain", ".txt",
            "text/csv", ".csv", "text/markdown", ".md");

    @Inject
    AttachmentsConfig config;
    @Inject
    ObjectStorage storage;
    @Inject
    AttachmentCatalog catalog;
    @Inject
    UrlSigner signer;

    /** Stores an uploaded temporary file as an attachment; the temporary file is gone afterwards. */
    public AttachmentView upload(Caller caller, Path file, String filename, String purpose) {
        return upload(caller, file, filename, purpose, false);
    }

    /** Stores a fetched image (marked referenced: the execution that asked for it uses it now). */
    public AttachmentView uploadImage(Caller caller, Path file, String filename) {
        return upload(caller, file, filename, "image_url", true);
    }

    private AttachmentView upload(Caller caller, Path file, String filename, String purpose, boolean imageOnly) {
        try {
            return store(caller, file, filename, purpose, imageOnly);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("could not remove the temporary upload %s: %s", file, e.getMessage());
            }
        }
    }

    private AttachmentView store(Caller caller, Path file, String filename, String purpose, boolean imageOnly) {
        try {
            long size = Files.size(file);
            if (size > config.maxBytes().asLongValue()) {
                throw tooLarge(size);
            }
            String name = Filenames.clean(filename);
            ContentSniffer.Sniffed sniffed = ContentSniffer.sniff(file, name);
            if (sniffed.size() == 0) {
                throw ApiException.invalid("file", "The file is empty.");
            }
            if (!sniffed.accepted() || (imageOnly && !sniffed.contentType().startsWith("image/"))) {
                throw new ApiException(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "The file's content is not one of the "
                        + "accepted types (decided from its bytes, not its name): " + ACCEPTED + ".", List.of(),
                        Map.of("accepted_types", ACCEPTED));
            }
            // cheap early refusal before moving bytes; the binding check runs under the lock in record()
            catalog.quotaCheck(caller, sniffed.size());
            Attachment a = newAttachment(caller, name, purpose, sniffed);
            a.referencedAt = imageOnly ? a.createdAt : null;
            storage.put(a.storageKey, file, a.contentType);
            try {
                catalog.record(caller, a);
            } catch (RuntimeException e) {
                deleteBytes(a.storageKey);
                throw e;
            }
            return view(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AttachmentView describe(String workspaceId, String storageKey) {
        return view(catalog.get(workspaceId, storageKey));
    }

    /** The object's bytes; 404 if the row or the bytes are gone. */
    public InputStream open(Attachment a) {
        try {
            return storage.open(a.storageKey);
        } catch (NoSuchFileException e) {
            throw AttachmentCatalog.notFound(a.storageKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String workspaceId, String storageKey) {
        Attachment removed = catalog.remove(workspaceId, storageKey, "deleted");
        deleteBytes(removed.storageKey);
    }

    public AttachmentView view(Attachment a) {
        UrlSigner.SignedUrl signed = signer.sign(a.storageKey);
        return new AttachmentView(a.storageKey, a.filename, a.contentType, a.size, a.sha256, a.purpose, a.createdAt,
                a.referencedAt, signed.url(), signed.expiresAt());
    }

    public void deleteBytes(String key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            // the row is gone, so nothing serves these bytes any more; they are only wasted space
            LOG.warnf("could not delete the bytes of %s: %s", key, e.getMessage());
        }
    }

    private Attachment newAttachment(Caller caller, String name, String purpose, ContentSniffer.Sniffed sniffed) {
        Attachment a = new Attachment();
        a.id = UUID.randomUUID();
        a.tenantId = caller.tenantId();
        a.workspaceId = caller.workspaceId();
        a.storageKey = "attachments/" + Filenames.safeSegment(caller.workspaceId()) + "/" + a.id
                + EXTENSIONS.get(sniffed.contentType());
        a.filename = name;
        a.contentType = sniffed.contentType();
        a.size = sniffed.size();
        a.sha256 = sniffed.sha256();
        a.purpose = purpose;
        a.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return a;
    }

    ApiException tooLarge(long size) {
        long max = config.maxBytes().asLongValue();
        return new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "The file has " + size + " bytes; at most " + max
                + " bytes are accepted.", List.of(), Map.of("max_bytes", max));
    }
}
