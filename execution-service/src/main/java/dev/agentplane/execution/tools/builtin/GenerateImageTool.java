package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.attachment.AttachmentApi;
import dev.agentplane.execution.attachment.AttachmentClient;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolsConfig;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code generate_image} (seed 003's media generation): one image from the operator's OpenAI-compatible images
 * endpoint ({@code agentplane.tools.images.url}), stored as an attachment of the workspace. A job on the run's
 * stream: {@code media_gen_submitted} when it is asked for, the stream's heartbeats while it waits,
 * {@code media_gen_complete} with the attachment and its signed URL. Without an endpoint, a clear tool error (the
 * agent still saves and runs, as with web_search).
 */
@ApplicationScoped
public class GenerateImageTool extends BuiltinTool {
    private static final Logger LOG = Logger.getLogger(GenerateImageTool.class);
    private static final int MAX_PROMPT = 4000;

    @Inject
    ToolsConfig config;
    @Inject
    AttachmentClient attachments;
    @Inject
    ExecutionStreams streams;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    protected String name() {
        return "generate_image";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        String prompt = text(arguments, "prompt");
        if (prompt == null || prompt.isEmpty() || prompt.length() > MAX_PROMPT) {
            return ToolResult.error(call, "Give a prompt of 1 to " + MAX_PROMPT + " characters, e.g. {\"prompt\": \"a red fox\"}.");
        }
        ToolsConfig.Images images = config.images();
        if (images.url().isEmpty() || images.url().get().isBlank()) {
            return ToolResult.error(call, "Image generation is not available: no image provider is configured on this "
                    + "platform (agentplane.tools.images.url). Answer without an image.");
        }
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("tool_call_id", call.id());
        job.put("media_type", "image");
        job.put("prompt", prompt);
        streams.publishIfOpen(context.executionId(), "media_gen_submitted", job);
        JsonNode image;
        try {
            image = generate(images, prompt);
        } catch (Failure e) {
            return ToolResult.error(call, e.getMessage());
        }
        AttachmentApi.Metadata stored;
        try {
            stored = store(context, call, images, image);
        } catch (Failure e) {
            return ToolResult.error(call, e.getMessage());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("storage_key", stored.storageKey());
        result.put("content_type", stored.contentType());
        result.put("url", stored.signedUrl());
        Map<String, Object> done = new LinkedHashMap<>(result);
        done.put("tool_call_id", call.id());
        done.put("media_type", "image");
        streams.publishIfOpen(context.executionId(), "media_gen_complete", done);
        return ToolResult.ok(call, json(result));
    }

    /** The image as an attachment of the workspace. */
    private AttachmentApi.Metadata store(ToolContext context, ToolCall call, ToolsConfig.Images images, JsonNode image)
            throws Failure {
        try {
            if (!image.hasNonNull("b64_json")) {
                // a URL answer is fetched by the attachment service, behind its SSRF guard
                return attachments.fetch(context.caller(), image.path("url").asText(), "url");
            }
            byte[] bytes = Base64.getMimeDecoder().decode(image.get("b64_json").asText());
            if (bytes.length > images.maxBytes()) {
                throw new Failure("The generated image is larger than " + images.maxBytes() + " bytes.");
            }
            return attachments.storeImage(context.caller(), "generated-" + call.id() + ".png", bytes);
        } catch (IllegalArgumentException e) {
            throw new Failure("The image provider's answer is not base64.");
        } catch (ApiException e) {
            LOG.warnf("a generated image could not be stored: %s", e.code());
            throw new Failure("The generated image could not be stored (" + e.code() + ").");
        }
    }

    /** The provider failed; the message is safe to show the model. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** The first image of the provider's answer ({@code data[0]}: {@code b64_json} or {@code url}). */
    private JsonNode generate(ToolsConfig.Images images, String prompt) throws Failure {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", images.model());
        body.put("prompt", prompt);
        body.put("n", 1);
        body.put("size", images.size());
        body.put("response_format", "b64_json");
        String base = images.url().get().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/images/generations"))
                .timeout(images.timeout()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)));
        images.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> request.header("Authorization", "Bearer " + k));
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(images.maxBytes() * 2);
            }
            if (response.statusCode() != 200) {
                LOG.warnf("the image provider answered %d", response.statusCode());
                throw new Failure("The image provider failed (HTTP " + response.statusCode() + "). Try again later.");
            }
            JsonNode image = mapper.readTree(bytes).path("data").path(0);
            if (!image.hasNonNull("b64_json") && !image.path("url").isTextual()) {
                throw new Failure("The image provider's answer has no image.");
            }
            return image;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("The image generation was interrupted.");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Failure("The image provider did not answer within " + images.timeout().toSeconds() + " s.");
        } catch (java.io.IOException e) {
            LOG.warnf("the image provider cannot be reached: %s", e.getClass().getSimpleName());
            throw new Failure("The image provider cannot be reached. Try again later.");
        }
    }
}
