package dev.agentplane.execution.intake;

import java.util.List;

/** The user's turn, checked: its text, image URLs (or data URIs) and the text of attached documents. */
public record UserInput(String text, List<String> imageUrls, List<Document> documents) {

    public UserInput(String text, List<String> imageUrls) {
        this(text, imageUrls, List.of());
    }

    /** An attached document's extracted text, which goes into the prompt. */
    public record Document(String filename, String contentType, String text, boolean truncated) {
    }
}
