package dev.agentplane.attachments.attachment;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** An attachment as the API shows it, with a signed download URL that expires. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttachmentView(String storageKey, String filename, String contentType, long size, String sha256,
                             String purpose, Instant createdAt, Instant referencedAt, String signedUrl,
                             Instant signedUrlExpiresAt) {
}
