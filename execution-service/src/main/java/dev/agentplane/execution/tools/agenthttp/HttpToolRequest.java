package dev.agentplane.execution.tools.agenthttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request one call of a declared HTTP tool makes: the URL template filled from the arguments (each value
 * URL-encoded; placeholders only after the host, so the model cannot choose where the request goes), the other
 * arguments as the query (GET, HEAD, DELETE) or a JSON body, and the header templates with their secrets put in.
 */
final class HttpToolRequest {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");
    static final Pattern SECRET = Pattern.compile("\\{\\{\\s*secrets\\.([A-Za-z][A-Za-z0-9_]{0,63})\\s*}}");
    private static final Set<String> QUERY_METHODS = Set.of("GET", "HEAD", "DELETE");

    /** A call that cannot be made as asked; the message is safe to show the model. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    record Built(String url, String body) {
    }

    private HttpToolRequest() {
    }

    static Built build(HttpToolDeclaration tool, JsonNode arguments) throws Invalid {
        ObjectNode rest = arguments.deepCopy();
        String template = tool.url();
        int scheme = template.indexOf("://");
        int pathStart = scheme < 0 ? 0 : indexOfAny(template, scheme + 3, '/', '?');
        StringBuilder url = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            if (m.start() < pathStart) {
                throw new Invalid("The tool's URL names arguments in its host; only its path and query may.");
            }
            JsonNode value = arguments.get(m.group(1));
            rest.remove(m.group(1));
            if (value == null || value.isNull() || value.isContainerNode()) {
                throw new Invalid("Give '" + m.group(1) + "' (a string or number): it is part of the URL.");
            }
            url.append(template, last, m.start()).append(encode(value.asText()));
            last = m.end();
        }
        url.append(template.substring(last));
        if (!QUERY_METHODS.contains(tool.method())) {
            return new Built(url.toString(), rest.toString());
        }
        rest.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(encode(e.getKey())).append('=')
                        .append(encode(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            }
        });
        return new Built(url.toString(), null);
    }

    /** The secrets the tool's headers name. */
    static Set<String> secretNames(HttpToolDeclaration tool) {
        Set<String> names = new LinkedHashSet<>();
        tool.headers().values().forEach(v -> SECRET.matcher(v).results().forEach(r -> names.add(r.group(1))));
        return names;
    }

    /** The headers with the secrets' values put in; every named secret is in {@code values}. */
    static Map<String, String> headers(HttpToolDeclaration tool, Map<String, String> values) {
        Map<String, String> headers = new LinkedHashMap<>();
        tool.headers().forEach((name, template) -> headers.put(name,
                SECRET.matcher(template).replaceAll(r -> Matcher.quoteReplacement(values.get(r.group(1))))));
        return headers;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int indexOfAny(String text, int from, char a, char b) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return text.length();
    }
}
