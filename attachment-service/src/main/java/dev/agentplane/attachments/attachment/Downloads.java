package dev.agentplane.attachments.attachment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Streams an attachment's bytes to the client (never buffering the whole object). */
@ApplicationScoped
public class Downloads {
    @Inject
    AttachmentCatalog catalog;
    @Inject
    AttachmentService attachments;

    public Response serve(String workspaceId, String storageKey) {
        return stream(catalog.get(workspaceId, storageKey));
    }

    /** Serves an attachment found by key alone: only after the caller proved a valid signature. */
    public Response serveSigned(String storageKey) {
        return stream(catalog.getBySignedKey(storageKey));
    }

    private Response stream(Attachment a) {
        InputStream in = attachments.open(a);
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        // images may be shown inline (models fetch them); everything else downloads as a file
        String disposition = (a.isImage() ? "inline" : "attachment") + "; filename*=UTF-8''"
                + URLEncoder.encode(a.filename, StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(body, a.contentType)
                .header("Content-Length", a.size)
                .header("Content-Disposition", disposition)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, max-age=300")
                .header("ETag", "\"" + a.sha256 + "\"")
                .build();
    }
}
