package dev.agentplane.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** An API answer with a problem (RFC 9457 problem+json): the pages show it in words. */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final JsonNode body;

    public ApiProblem(int status, JsonNode body) {
        super("API answered " + status);
        this.status = status;
        this.body = body == null ? NullNode.getInstance() : body;
    }

    static ApiProblem unavailable() {
        return new ApiProblem(503, NullNode.getInstance());
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }

    public String title() {
        return body.path("title").asText(status == 503 ? "Service Unavailable" : "Error " + status);
    }

    public String detail() {
        String detail = body.path("detail").asText("");
        if (detail.isEmpty() && body.has("message")) {
            detail = body.path("message").asText();
        }
        return detail.isEmpty() && status == 503 ? "The platform's API did not answer; retry in a moment." : detail;
    }

    public String code() {
        return body.path("code").asText("");
    }

    /** The field errors of a 400 (`errors[{field|pointer, message}]`), as "field: message" lines. */
    public java.util.List<String> fieldErrors() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            String field = e.path("field").asText(e.path("pointer").asText(""));
            out.add((field.isEmpty() ? "" : field + ": ") + e.path("message").asText(e.path("code").asText()));
        }
        return out;
    }
}
