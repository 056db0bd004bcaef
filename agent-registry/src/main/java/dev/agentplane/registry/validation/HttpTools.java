package dev.agentplane.registry.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.registry.catalog.ToolCatalog;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP tools of {@code config.worker_config.http_tools} (execution-service runs them, toolkit {@code http}): a
 * name the model calls (no clash with a built-in; no {@code __}, which MCP tools' names have), a description, JSON
 * Schema parameters, a method, an http(s) URL template whose {@code {param}} placeholders sit in its path or query
 * only (the model never picks the host), headers whose values may name workspace secrets as {@code {{secrets.NAME}}}
 * (nothing else in double braces), and governance overrides. Addresses are checked where they are used (the SSRF guard).
 */
final class HttpTools {
    static final int MAX_TOOLS = 20;
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");
    private static final int MAX_NAME = 64;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Set<String> RISKS = Set.of("low", "medium", "high", "critical");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");
    private static final Pattern BRACES = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern SECRET = Pattern.compile("\\s*secrets\\.[A-Za-z][A-Za-z0-9_]{0,63}\\s*");
    /** Headers the HTTP client sets itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "connection", "upgrade",
            "transfer-encoding", "expect", "te", "trailer", "keep-alive", "proxy-connection");

    private HttpTools() {
    }

    static void check(JsonNode workerConfig, Pointer at, ToolCatalog catalog, List<ValidationIssue> issues) {
        JsonNode tools = workerConfig == null || !workerConfig.isObject() ? null : workerConfig.get("http_tools");
        if (tools == null || tools.isNull()) {
            return;
        }
        Pointer list = at.at("http_tools");
        if (!tools.isArray()) {
            issues.add(new ValidationIssue(list.toString(), "INVALID_TYPE", "must be an array of HTTP tools"));
            return;
        }
        if (tools.size() > MAX_TOOLS) {
            issues.add(new ValidationIssue(list.toString(), "TOO_MANY", "at most " + MAX_TOOLS + " HTTP tools"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            Pointer one = list.at(i);
            if (!tool.isObject()) {
                issues.add(new ValidationIssue(one.toString(), "INVALID_TYPE", "must be an object with name, description and url"));
                continue;
            }
            name(tool.get("name"), one.at("name"), catalog, names, issues);
            text(tool.get("description"), one.at("description"), 1024, issues);
            JsonNode parameters = tool.get("parameters");
            if (parameters != null && !parameters.isNull() && (!parameters.isObject()
                    || parameters.has("type") && !"object".equals(parameters.get("type").asText())
                    || parameters.toString().length() > 16384)) {
                issues.add(new ValidationIssue(one.at("parameters").toString(), "INVALID_VALUE",
                        "must be a JSON Schema of an object (at most 16 KiB)"));
            }
            JsonNode method = tool.get("method");
            if (method != null && !method.isNull() && !METHODS.contains(method.asText().toUpperCase(Locale.ROOT))) {
                issues.add(new ValidationIssue(one.at("method").toString(), "INVALID_VALUE", "must be one of " + METHODS));
            }
            url(tool.get("url"), parameters, one.at("url"), issues);
            HttpParts.headers(tool.get("headers"), one.at("headers"), RESERVED_HEADERS, value -> secretsOnly(value) ? null
                    : "may reference workspace secrets as {{secrets.NAME}} (POST /v1/secrets) and nothing else in double"
                    + " braces", issues);
            JsonNode risk = tool.get("risk_level");
            if (risk != null && !risk.isNull() && !RISKS.contains(risk.asText())) {
                issues.add(new ValidationIssue(one.at("risk_level").toString(), "INVALID_VALUE", "must be one of " + RISKS));
            }
            for (String flag : List.of("requires_confirmation", "idempotent")) {
                if (tool.has(flag) && !tool.get(flag).isBoolean() && !tool.get(flag).isNull()) {
                    issues.add(new ValidationIssue(one.at(flag).toString(), "INVALID_TYPE", "must be true or false"));
                }
            }
        }
    }

    private static void name(JsonNode name, Pointer at, ToolCatalog catalog, Set<String> names,
                             List<ValidationIssue> issues) {
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            issues.add(new ValidationIssue(at.toString(), "REQUIRED", "an HTTP tool needs a name"));
        } else if (name.asText().length() > MAX_NAME || !NAME.matcher(name.asText()).matches()) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "must match ^[a-z][a-z0-9_]*$ (at most "
                    + MAX_NAME + " characters, no '__')"));
        } else if (catalog.knows(name.asText())) {
            issues.add(new ValidationIssue(at.toString(), "DUPLICATE_VALUE", "'" + name.asText()
                    + "' is a built-in tool (GET /v1/tools); choose another name"));
        } else if (!names.add(name.asText())) {
            issues.add(new ValidationIssue(at.toString(), "DUPLICATE_VALUE", "'" + name.asText() + "' is declared twice"));
        }
    }

    private static void text(JsonNode text, Pointer at, int max, List<ValidationIssue> issues) {
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            issues.add(new ValidationIssue(at.toString(), "REQUIRED", "the model needs a description of the tool"));
        } else if (text.asText().length() > max) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "at most " + max + " characters"));
        }
    }

    private static void url(JsonNode url, JsonNode parameters, Pointer at, List<ValidationIssue> issues) {
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            issues.add(new ValidationIssue(at.toString(), "REQUIRED", "an HTTP tool needs its URL"));
            return;
        }
        String template = url.asText();
        int scheme = template.indexOf("://");
        int pathStart = scheme < 0 ? 0 : firstOf(template, scheme + 3);
        JsonNode properties = parameters == null ? null : parameters.get("properties");
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (m.start() < pathStart) {
                issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE",
                        "arguments may fill the path and query only, never the scheme or host"));
                return;
            }
            if (properties == null || !properties.has(m.group(1))) {
                issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "names {" + m.group(1)
                        + "}, which is not among the tool's parameters.properties"));
                return;
            }
        }
        if (!HttpParts.httpUrl(PLACEHOLDER.matcher(template).replaceAll("x"))) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "must be an http(s) URL (at most "
                    + HttpParts.MAX_URL + " characters) without credentials or fragment; {param} fills a path segment or"
                    + " query value"));
        }
    }

    /** Every {@code {{…}}} is {@code {{secrets.NAME}}}, and no {@code {{} is left open. */
    private static boolean secretsOnly(String value) {
        Matcher m = BRACES.matcher(value);
        while (m.find()) {
            if (!SECRET.matcher(m.group(1)).matches()) {
                return false;
            }
        }
        return !m.replaceAll("").contains("{{");
    }

    private static int firstOf(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '/' || text.charAt(i) == '?') {
                return i;
            }
        }
        return text.length();
    }
}
