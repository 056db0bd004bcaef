package dev.agentplane.knowledge.store;

import dev.agentplane.kit.error.ApiException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A query's metadata filter: equality on each named field, all of them (AND). Fields: {@code document_id},
 * {@code file_name} (the document's title), {@code content_type}, and {@code metadata.<key>} (the document's
 * own metadata, given when it was added).
 */
public record ChunkFilter(String documentId, String fileName, String contentType, Map<String, String> metadata) {
    public static final ChunkFilter NONE = new ChunkFilter(null, null, null, Map.of());
    public static final String METADATA = "metadata.";
    /** Keys of a document's metadata (and so of {@code metadata.<key>} filters). */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_FIELDS = 10;
    private static final int MAX_VALUE = 300;

    public boolean isEmpty() {
        return documentId == null && fileName == null && contentType == null && metadata.isEmpty();
    }

    /** The filter of a request's {@code filter} object (null: none); 400 naming the field that is not one. */
    public static ChunkFilter of(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return NONE;
        }
        if (fields.size() > MAX_FIELDS) {
            throw ApiException.invalid("filter", "may name at most " + MAX_FIELDS + " fields");
        }
        String documentId = null;
        String fileName = null;
        String contentType = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String value = e.getValue();
            if (value == null || value.length() > MAX_VALUE) {
                throw ApiException.invalid("filter." + e.getKey(), "must be a string of at most " + MAX_VALUE
                        + " characters");
            }
            switch (e.getKey()) {
                case "document_id" -> documentId = value;
                case "file_name" -> fileName = value;
                case "content_type" -> contentType = value;
                default -> {
                    String key = e.getKey().startsWith(METADATA) ? e.getKey().substring(METADATA.length()) : "";
                    if (!KEY.matcher(key).matches()) {
                        throw ApiException.invalid("filter." + e.getKey(), "is not a filter field: use document_id, "
                                + "file_name, content_type or metadata.<key>");
                    }
                    metadata.put(key, value);
                }
            }
        }
        return new ChunkFilter(documentId, fileName, contentType, Map.copyOf(metadata));
    }
}
