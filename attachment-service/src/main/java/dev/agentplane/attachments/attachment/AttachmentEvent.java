package dev.agentplane.attachments.attachment;

/** The data of {@code attachment.uploaded} and {@code attachment.deleted} events. */
public record AttachmentEvent(String storageKey, String filename, String contentType, long size, String sha256,
                              String reason) {
    public static final String UPLOADED = "attachment.uploaded";
    public static final String DELETED = "attachment.deleted";

    static AttachmentEvent of(Attachment a, String reason) {
        return new AttachmentEvent(a.storageKey, a.filename, a.contentType, a.size, a.sha256, reason);
    }
}
