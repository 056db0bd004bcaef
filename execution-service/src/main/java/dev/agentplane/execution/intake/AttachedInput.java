package dev.agentplane.execution.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.attachment.AttachmentApi;
import dev.agentplane.execution.attachment.AttachmentClient;
import dev.agentplane.kit.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request's attachments and image parts into model input: a document's extracted text goes
 * into the prompt; an uploaded image becomes its signed URL; an external image URL is fetched by the
 * attachment service behind its SSRF guard and replaced by the signed URL of the stored copy, so the
 * platform never hands the model (or itself) an address it did not check. Data URIs stay inline.
 */
@ApplicationScoped
public class AttachedInput {
    @Inject
    AttachmentClient attachments;

    public UserInput resolve(Caller caller, ExecuteRequest request, UserInput input) {
        boolean hasAttachments = request.attachments() != null && !request.attachments().isEmpty();
        if (!hasAttachments && input.imageUrls().isEmpty()) {
            return input;
        }
        List<String> images = new ArrayList<>();
        List<String> fields = imageFields(request.content());
        for (int i = 0; i < input.imageUrls().size(); i++) {
            String url = input.imageUrls().get(i);
            images.add(url.startsWith("data:") ? url
                    : attachments.fetch(caller, url, fields.get(i)).signedUrl());
        }
        List<UserInput.Document> documents = new ArrayList<>();
        if (hasAttachments) {
            for (int i = 0; i < request.attachments().size(); i++) {
                String key = request.attachments().get(i).storageKey();
                String field = "attachments[" + i + "].storage_key";
                AttachmentApi.Text text = attachments.text(caller, key, field);
                if (text == null) {
                    images.add(attachments.metadata(caller, key, field).signedUrl());
                } else {
                    String name = request.attachments().get(i).filename() != null
                            ? request.attachments().get(i).filename() : key.substring(key.lastIndexOf('/') + 1);
                    documents.add(new UserInput.Document(name, text.contentType(), text.text(), text.truncated()));
                }
            }
        }
        return new UserInput(input.text(), images, documents);
    }

    /** The JSON field of each image part, in order, for errors that point at the right one. */
    private static List<String> imageFields(JsonNode content) {
        List<String> fields = new ArrayList<>();
        if (content != null && content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                if ("image_url".equals(content.get(i).path("type").asText())) {
                    fields.add("content[" + i + "].image_url.url");
                }
            }
        }
        return fields;
    }
}
