package dev.agentplane.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.agentplane.console.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The public API through the gateway, as the signed-in workspace (its bearer token). The JDK client rather than
 * a typed REST client: the console forwards many endpoints' JSON as it is, and needs raw SSE streams for chat.
 * A problem answer (4xx/5xx) throws {@link ApiProblem}.
 */
@ApplicationScoped
public class Api {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConsoleConfig config;
    private final ObjectMapper json;

    public Api(ConsoleConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public JsonNode get(String token, String path) {
        return send(request(token, path).GET().build());
    }

    /**
     * A GET with the workspace's rate-limit state from the answer's header fields ({@code X-RateLimit-*},
     * {@code RateLimit-Policy}); the state is empty when the workspace is unlimited.
     */
    public WithRateLimit getWithRateLimit(String token, String path) {
        HttpResponse<String> answer = exchange(request(token, path).GET().build());
        Map<String, String> state = new java.util.LinkedHashMap<>();
        for (String name : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy", "RateLimit")) {
            answer.headers().firstValue(name).ifPresent(v -> state.put(name, v));
        }
        return new WithRateLimit(body(answer), state);
    }

    /** An answer's body and the rate-limit header fields it carried. */
    public record WithRateLimit(JsonNode body, Map<String, String> rateLimit) {
    }

    public JsonNode get(String token, String path, Map<String, String> query) {
        return get(token, path + query(query));
    }

    public JsonNode postJson(String token, String path, Object body) {
        return send(request(token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    public JsonNode patchJson(String token, String path, Object body) {
        return patch(token, path, body, "application/merge-patch+json");
    }

    /** A PATCH with the content type the endpoint takes (webhooks take plain {@code application/json}). */
    public JsonNode patch(String token, String path, Object body, String contentType) {
        return send(request(token, path).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    public JsonNode postYaml(String token, String path, String yaml) {
        return send(request(token, path).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build());
    }

    /** One file as {@code multipart/form-data} (part {@code file}): an upload to {@code /v1/attachments}. */
    public JsonNode postFile(String token, String path, String filename, String contentType, java.nio.file.Path file) {
        String boundary = "console-" + java.util.UUID.randomUUID();
        String safeName = filename.replaceAll("[\\r\\n\"\\\\]", "_");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safeName
                + "\"\r\nContent-Type: " + contentType.replaceAll("[\\r\\n]", "") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
            return send(request(token, path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(body).build());
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode delete(String token, String path) {
        return send(request(token, path).DELETE().build());
    }

    /** The sign-in exchange: a workspace key for a short-lived JWT ({@code POST /v1/auth/token}). */
    public JsonNode exchangeKey(String key) {
        return send(HttpRequest.newBuilder(uri("/v1/auth/token")).timeout(config.apiTimeout())
                .header("X-API-Key", key).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** An SSE answer as it arrives (chat); a problem answer throws before any byte is read. */
    public InputStream postStream(String token, String path, Object body) {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build();
        return stream(req);
    }

    public InputStream getStream(String token, String path) {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        return stream(req);
    }

    private InputStream stream(HttpRequest req) {
        try {
            HttpResponse<InputStream> answer = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() >= 400) {
                try (InputStream in = answer.body()) {
                    throw problem(answer.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return answer.body();
        } catch (IOException e) {
            throw ApiProblem.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable();
        }
    }

    private HttpRequest.Builder request(String token, String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(config.apiTimeout())
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private URI uri(String path) {
        return URI.create(config.apiUrl() + path);
    }

    private JsonNode send(HttpRequest req) {
        return body(exchange(req));
    }

    private HttpResponse<String> exchange(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ApiProblem.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable();
        }
    }

    private JsonNode body(HttpResponse<String> answer) {
        if (answer.statusCode() >= 400) {
            throw problem(answer.statusCode(), answer.body());
        }
        return read(answer.body());
    }

    private ApiProblem problem(int status, String body) {
        return new ApiProblem(status, read(body));
    }

    private JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }

    private String write(Object body) {
        try {
            return body instanceof String s ? s : json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String query(Map<String, String> params) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    /** A path segment from user input (an id in the URL): encoded, so it can never leave its segment. */
    public static String seg(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
