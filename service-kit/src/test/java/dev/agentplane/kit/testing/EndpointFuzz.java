package dev.agentplane.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DynamicTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;

/**
 * Sends what a careless or hostile client sends to every operation of a service's OpenAPI document (read at
 * {@code /q/openapi}): NUL characters, unpaired surrogates, duplicate member names, every wrong JSON type for
 * every member, deep nesting, foreign content types, NUL in query and path parameters. Every answer must be
 * below 500, a refusal must be problem+json, no answer may name a Java class, and none may take 10 s.
 * One dynamic test per operation; a service's test class returns {@link #tests()} from a {@code @TestFactory}.
 */
public final class EndpointFuzz {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEAK = Pattern.compile(
            "dev\\.agentplane|java\\.[a-z]+\\.|com\\.fasterxml|jackson|Cannot deserialize|Exception|\\tat |org\\.hibernate|PSQL|postgres",
            Pattern.CASE_INSENSITIVE);
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private final Function<String, String> tokenFor;
    private final Set<String> skip = new LinkedHashSet<>();
    /** True: {@link #tokenFor} gives API keys, sent as X-API-Key (through the gateway), not bearer tokens. */
    private boolean apiKeys;
    private String baseUri;
    private JsonNode document;
    private java.util.function.Predicate<String> only = operation -> true;

    private EndpointFuzz(Function<String, String> tokenFor) {
        this.tokenFor = tokenFor;
    }

    /**
     * Fuzz through the gateway as the end-to-end suite does: each request carries the API key {@code keyFor} picks
     * for its path (X-API-Key), goes to {@code baseUri}, and the operations come from {@code document} (the
     * service's /q/openapi, which the gateway does not route).
     */
    public static EndpointFuzz throughGateway(String baseUri, JsonNode document, Function<String, String> keyFor) {
        EndpointFuzz fuzz = new EndpointFuzz(keyFor);
        fuzz.apiKeys = true;
        fuzz.baseUri = baseUri;
        fuzz.document = document;
        return fuzz;
    }

    /** Only the operations ("POST /v1/things/{id}") this accepts. */
    public EndpointFuzz only(java.util.function.Predicate<String> operations) {
        this.only = operations;
        return this;
    }

    /** Fuzz with one bearer token for every path. */
    public static EndpointFuzz withToken(String token) {
        return new EndpointFuzz(path -> token);
    }

    /**
     * Fuzz as the workspace's callers would: a service token on {@code /internal} routes, an operator token on
     * {@code /v1/admin} routes, the workspace token elsewhere.
     */
    public static EndpointFuzz forWorkspace(TestTokens.Workspace ws) {
        String user = ws.token();
        String service = ws.serviceToken();
        String admin = TestTokens.admin();
        return new EndpointFuzz(path -> path.startsWith("/internal") ? service
                : path.startsWith("/v1/admin") ? admin : user);
    }

    /** Fuzz with a token chosen by path (operator routes want an operator token). */
    public static EndpointFuzz withTokens(Function<String, String> tokenFor) {
        return new EndpointFuzz(tokenFor);
    }

    /** Leaves out operations, as "POST /v1/things/{id}" (say why at the call site). */
    public EndpointFuzz skipping(String... operations) {
        skip.addAll(List.of(operations));
        return this;
    }

    public Stream<DynamicTest> tests() {
        JsonNode doc = document;
        try {
            if (doc == null) {
                doc = JSON.readTree(given().accept("application/json").queryParam("format", "json")
                        .get("/q/openapi").then().statusCode(200).extract().asString());
            }
        } catch (Exception e) {
            throw new IllegalStateException("no OpenAPI document", e);
        }
        JsonNode operations = doc;
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/q/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                String name = method + " " + path.getKey();
                if (skip.contains(name) || !only.test(name)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(name, () -> fuzz(operations, method, path.getKey(), op.getValue())));
            }
        }
        if (tests.isEmpty()) {
            throw new IllegalStateException("the OpenAPI document lists no operation");
        }
        return tests.stream();
    }

    private void fuzz(JsonNode doc, String method, String template, JsonNode op) {
        List<String> failures = new ArrayList<>();
        String path = template.replaceAll("\\{[^}]+}", "fuzz-" + Math.abs(template.hashCode() % 1000));
        List<String> queryParams = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            if ("query".equals(p.path("in").asText())) {
                queryParams.add(p.path("name").asText());
            }
        }
        // parameters: a NUL (and an unpaired surrogate's bytes) in each query parameter and in the path
        for (String q : queryParams) {
            check(failures, method, path + "?" + q + "=a%00b", null, null);
            check(failures, method, path + "?" + q + "=%ED%A0%80", null, null);
            check(failures, method, path + "?" + q + "=" + "9".repeat(40), null, null);
        }
        if (template.contains("{")) {
            check(failures, method, template.replaceAll("\\{[^}]+}", "a%00b"), null, null);
            check(failures, method, template.replaceAll("\\{[^}]+}", "%ED%A0%80"), null, null);
        }
        JsonNode body = op.path("requestBody").path("content");
        if (body.has("application/json") || (!body.isMissingNode() && !body.isEmpty() && !body.has("multipart/form-data"))
                || Set.of("POST", "PUT", "PATCH").contains(method)) {
            List<String> members = members(doc, body.path("application/json").path("schema"));
            for (String b : bodies(members)) {
                check(failures, method, path, "application/json", b);
            }
            check(failures, method, path, "text/plain", "\u0000hello");
            check(failures, method, path, "application/xml", "<a>\u0000</a>");
            check(failures, method, path, "application/x-www-form-urlencoded", "a=%00");
            check(failures, method, path, "multipart/form-data; boundary=xyz", "{\"not\":\"multipart\"}");
            check(failures, method, path, "multipart/form-data", "no boundary at all");
            check(failures, method, path, "application/json; charset=utf-16", "{\"a\":1}");
            check(failures, method, path, "application/yaml", "name: \"a\\0b\"\nx: \u0000");
            check(failures, method, path, "application/yaml", "a: &a [*a]\nb: !!java.lang.Object {}\n- - -");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " bad answers:\n" + String.join("\n", failures));
        }
    }

    private static List<String> bodies(List<String> members) {
        List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "[1,2]", "42", "-1e999", "\"text\"", "true",
                "{", "{\"a\":1,\"a\":2}", "{\"\\u0000\":1}", "{\"a\":\"\\u0000\"}",
                "{\"a\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}",
                "{\"a\":" + "{\"b\":".repeat(600) + "1" + "}".repeat(600) + "}",
                "\u0000", "{\"a\":\"\ud800\"}"));
        for (String m : members.subList(0, Math.min(members.size(), 12))) {
            String q = "\"" + m + "\"";
            bodies.add("{" + q + ":\"a\\u0000b\"}");
            bodies.add("{" + q + ":\"\\ud800\"}");
            bodies.add("{" + q + ":\"x\"," + q + ":\"y\"}");
            bodies.add("{" + q + ":[]}");
            bodies.add("{" + q + ":{}}");
            bodies.add("{" + q + ":12345678901234567890123}");
            bodies.add("{" + q + ":-1.5e300}");
            bodies.add("{" + q + ":true}");
            bodies.add("{" + q + ":\"\"}");
            bodies.add("{" + q + ":[\"\\u0000\"]}");
            bodies.add("{" + q + ":{\"k\\u0000\":\"v\\u0000\"}}");
            bodies.add("{" + q + ":\"" + "x".repeat(70_000) + "\"}");
        }
        return bodies;
    }

    /** The member names of a request schema (following $ref and allOf one level), as sent on the wire. */
    private static List<String> members(JsonNode doc, JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        collect(doc, schema, names, 0);
        return new ArrayList<>(names);
    }

    private static void collect(JsonNode doc, JsonNode schema, Set<String> names, int depth) {
        if (schema == null || schema.isMissingNode() || depth > 4) {
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            collect(doc, doc.at(ref.substring(1)), names, depth + 1);
        }
        for (String combo : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode s : schema.path(combo)) {
                collect(doc, s, names, depth + 1);
            }
        }
        schema.path("properties").fieldNames().forEachRemaining(n ->
                names.add(n.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)));
    }

    private void check(List<String> failures, String method, String path, String contentType, String body) {
        RequestSpecification request = given().config(RAW).urlEncodingEnabled(false)
                .header("Idempotency-Key", "fuzz-" + System.nanoTime());
        if (baseUri != null) {
            request.baseUri(baseUri);
        }
        if (apiKeys) {
            request.header("X-API-Key", tokenFor.apply(path));
        } else {
            request.auth().oauth2(tokenFor.apply(path));
        }
        if (contentType != null) {
            request.contentType(contentType);
            // rest-assured encodes a form body itself and only from a String
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                request.body(body);
            } else {
                request.body(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        long started = System.nanoTime();
        Response r;
        try {
            r = request.request(method, path).then().extract().response();
        } catch (Exception e) {
            failures.add(describe(method, path, contentType, body) + " -> no answer: " + e);
            return;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        String answer = r.asString();
        String problem = null;
        if (r.statusCode() >= 500) {
            problem = "status " + r.statusCode();
        } else if (ms > 10_000) {
            problem = "took " + ms + " ms";
        } else if (LEAK.matcher(answer).find()) {
            problem = "leaks implementation details";
        } else if (r.statusCode() >= 400 && !compatPath(path)
                && !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            problem = "a " + r.statusCode() + " that is not problem+json (" + r.contentType() + ")";
        }
        if (problem != null) {
            failures.add(describe(method, path, contentType, body) + " -> " + problem + ": "
                    + answer.substring(0, Math.min(answer.length(), 300)));
        }
    }

    /** Compatibility APIs (outside /v1 and /internal) answer in their own envelope by design, not problem+json. */
    private static boolean compatPath(String path) {
        return !path.startsWith("/v1/") && !path.equals("/v1") && !path.startsWith("/internal/") && !path.startsWith("/probe/");
    }

    private static String describe(String method, String path, String contentType, String body) {
        String shown = body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "…(" + body.length() + ")" : body;
        return method + " " + path + (contentType == null ? "" : " [" + contentType + "] " + shown.replace("\u0000", "\\0"));
    }
}
