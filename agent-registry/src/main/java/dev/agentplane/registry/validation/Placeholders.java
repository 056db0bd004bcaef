package dev.agentplane.registry.validation;

import dev.agentplane.registry.agent.NodeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@code {{ ... }}} placeholders: {@code variables.<key>} comes from the execution's inputs,
 * {@code <node>.output[.<field>]} from an earlier workflow node; anything else has no source.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private Placeholders() {
    }

    static List<String> in(String text) {
        List<String> found = new ArrayList<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** Checks every placeholder of {@code text}; {@code nodes} are the workflow's nodes by name (may be empty). */
    static void check(String text, Pointer at, Map<String, NodeConfig> nodes, List<ValidationIssue> issues) {
        for (String expr : in(text)) {
            String problem = problem(expr, nodes);
            if (problem != null) {
                issues.add(new ValidationIssue(at.toString(), problem.startsWith("UNKNOWN_FIELD") ? "UNKNOWN_FIELD"
                        : problem.startsWith("NO_STRUCTURED") ? "NO_STRUCTURED_OUTPUT" : "UNKNOWN_PLACEHOLDER",
                        "placeholder {{ " + expr + " }} " + problem.substring(problem.indexOf(':') + 1)));
            }
        }
    }

    /** Null when the expression has a source, else "CODE:explanation". */
    static String problem(String expr, Map<String, NodeConfig> nodes) {
        String[] parts = expr.split("\\.", -1);
        if (parts[0].equals("variables")) {
            return parts.length == 2 && IDENT.matcher(parts[1]).matches() ? null
                    : "UNKNOWN:must name one variable, as variables.<key>";
        }
        NodeConfig node = nodes.get(parts[0]);
        if (node == null) {
            return "UNKNOWN:has no source (use variables.<key> or <node>.output.<field>)";
        }
        if (parts.length < 2 || !parts[1].equals("output") || parts.length > 3) {
            return "UNKNOWN:must read a node's output, as " + parts[0] + ".output.<field>";
        }
        if (parts.length == 3) {
            Map<String, String> fields = StructuredFields.of(node.structuredOutput());
            if (fields == null) {
                return "NO_STRUCTURED:reads a field of node '" + parts[0] + "', which has no structured output";
            }
            if (!fields.containsKey(parts[2])) {
                return "UNKNOWN_FIELD:reads '" + parts[2] + "', which is not in the output schema of node '"
                        + parts[0] + "'";
            }
        }
        return null;
    }
}
