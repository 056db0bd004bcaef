package dev.agentplane.attachments.text;

/** The text of a document attachment, cut at the configured size cap ({@code truncated}). */
public record ExtractedText(String storageKey, String contentType, String text, boolean truncated) {
}
