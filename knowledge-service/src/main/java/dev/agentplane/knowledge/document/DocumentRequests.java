package dev.agentplane.knowledge.document;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** Request bodies of the document endpoints. */
public final class DocumentRequests {
    private DocumentRequests() {
    }

    /**
     * {@code POST /v1/knowledge-bases/{id}/documents}: either inline {@code text} or an attachment's
     * {@code storage_key} (its extracted text is ingested), never both. The text's length is checked against
     * {@code agentplane.knowledge.max-document-chars} by the service. {@code metadata}: up to 20 string values under
     * keys of letters, digits, {@code _ . -}, matched by query filters ({@code "metadata.lang": "en"}).
     */
    public record Add(String text, @Size(max = 300) String storageKey, @Size(max = 300) String title,
                      @Size(max = 20) Map<@Pattern(regexp = "[A-Za-z0-9_.-]{1,64}",
                              message = "keys are 1-64 letters, digits, _ . -") String,
                              @NotNull @Size(max = 300) String> metadata) {
    }
}
