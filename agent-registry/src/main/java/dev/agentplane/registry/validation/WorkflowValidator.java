package dev.agentplane.registry.validation;

import dev.agentplane.registry.agent.Edge;
import dev.agentplane.registry.agent.NodeConfig;
import dev.agentplane.registry.agent.SystemConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The graph rules of a workflow: node names, edges, conditions, entry point and reachability. */
@ApplicationScoped
public class WorkflowValidator {

    public Map<String, NodeConfig> nodesByName(SystemConfig workflow) {
        Map<String, NodeConfig> nodes = new LinkedHashMap<>();
        if (workflow != null && workflow.agents() != null) {
            workflow.agents().stream().filter(n -> n != null && n.name() != null)
                    .forEach(n -> nodes.putIfAbsent(n.name(), n));
        }
        return nodes;
    }

    public void check(SystemConfig wf, Pointer at, List<ValidationIssue> issues) {
        if (wf.architecture() != null && !wf.architecture().equals("workflow")) {
            issues.add(new ValidationIssue(at.at("architecture").toString(), "UNSUPPORTED_ARCHITECTURE",
                    "must be 'workflow'"));
        }
        List<NodeConfig> list = wf.agents() == null ? List.of() : wf.agents();
        if (list.isEmpty()) {
            issues.add(new ValidationIssue(at.at("agents").toString(), "REQUIRED", "a workflow needs at least one node"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                issues.add(new ValidationIssue(at.at("agents").at(i).toString(), "INVALID_VALUE", "must be an object"));
                continue;
            }
            String name = list.get(i).name();
            checkType(list.get(i), at.at("agents").at(i), issues);
            if (Edge.START.equals(name) || Edge.END.equals(name)) {
                issues.add(new ValidationIssue(at.at("agents").at(i).at("name").toString(), "RESERVED_NAME",
                        "'" + name + "' is reserved"));
            } else if (name != null && !seen.add(name)) {
                issues.add(new ValidationIssue(at.at("agents").at(i).at("name").toString(), "DUPLICATE_NODE",
                        "another node is already named '" + name + "'"));
            }
        }
        Map<String, NodeConfig> nodes = nodesByName(wf);
        List<Edge> edges = wf.edges() == null ? List.of() : wf.edges();
        for (int i = 0; i < edges.size(); i++) {
            if (edges.get(i) == null) {
                issues.add(new ValidationIssue(at.at("edges").at(i).toString(), "INVALID_VALUE", "must be an object"));
            } else {
                checkEdge(edges.get(i), at.at("edges").at(i), nodes, issues);
            }
        }
        Set<String> starts = new HashSet<>();
        edges.stream().filter(e -> e != null && Edge.START.equals(e.from()) && e.to() != null)
                .forEach(e -> starts.add(e.to()));
        if (wf.entryPoint() == null || wf.entryPoint().isBlank()) {
            if (starts.isEmpty()) {
                issues.add(new ValidationIssue(at.at("entry_point").toString(), "MISSING_ENTRY_POINT",
                        "name the node the workflow starts at (or add an edge from __start__)"));
            }
        } else if (!nodes.containsKey(wf.entryPoint())) {
            issues.add(new ValidationIssue(at.at("entry_point").toString(), "UNKNOWN_NODE",
                    "'" + wf.entryPoint() + "' is not a node of this workflow"));
        } else {
            starts.add(wf.entryPoint());
        }
        Set<String> reached = reachable(starts, edges);
        for (int i = 0; i < list.size(); i++) {
            NodeConfig node = list.get(i);
            if (node != null && node.name() != null && !starts.isEmpty() && !reached.contains(node.name())) {
                issues.add(new ValidationIssue(at.at("agents").at(i).toString(), "UNREACHABLE_NODE",
                        "node '" + node.name() + "' cannot be reached from the entry point"));
            }
        }
    }

    /** A waiting node: an external_event names its event; a human_gate's form is its structured output. */
    private static void checkType(NodeConfig node, Pointer at, List<ValidationIssue> issues) {
        boolean external = NodeConfig.EXTERNAL_EVENT.equals(node.agentType());
        if (external && (node.event() == null || node.event().isBlank())) {
            issues.add(new ValidationIssue(at.at("event").toString(), "REQUIRED",
                    "an external_event node names the event it waits for"));
        } else if (!external && node.event() != null) {
            issues.add(new ValidationIssue(at.at("event").toString(), "INVALID_VALUE",
                    "only an external_event node waits for an event"));
        }
        boolean waits = external || NodeConfig.HUMAN_GATE.equals(node.agentType());
        if (waits && node.tools() != null && !node.tools().isEmpty()) {
            issues.add(new ValidationIssue(at.at("tools").toString(), "INVALID_VALUE",
                    "a " + node.agentType() + " node calls no model and no tools"));
        }
    }

    private void checkEdge(Edge e, Pointer at, Map<String, NodeConfig> nodes, List<ValidationIssue> issues) {
        if (e.from() == null || e.from().isBlank()) {
            issues.add(new ValidationIssue(at.at("from").toString(), "REQUIRED", "an edge needs a 'from' node"));
        } else if (!Edge.START.equals(e.from()) && !nodes.containsKey(e.from())) {
            issues.add(unknown(at.at("from"), e.from()));
        }
        if (!e.conditional()) {
            target(e.to(), at.at("to"), nodes, issues);
            return;
        }
        if (e.to() != null) {
            issues.add(new ValidationIssue(at.at("to").toString(), "INVALID_EDGE",
                    "an edge has either 'to' or a condition with routing, not both"));
        }
        if (e.conditionType() != null && !e.conditionType().equals("boolean")) {
            issues.add(new ValidationIssue(at.at("condition_type").toString(), "UNSUPPORTED_CONDITION_TYPE",
                    "must be 'boolean'"));
        }
        List<String> refs = Placeholders.in(e.condition());
        if (e.condition() == null || e.condition().isBlank() || refs.isEmpty()) {
            issues.add(new ValidationIssue(at.at("condition").toString(), "INVALID_CONDITION",
                    "must reference a node's structured output, as {{<node>.output.<field>}}"));
        }
        for (String ref : refs) {
            String[] parts = ref.split("\\.");
            String problem = parts.length == 3 && "output".equals(parts[1]) ? Placeholders.problem(ref, nodes)
                    : "INVALID_CONDITION:must read a field, as <node>.output.<field>";
            if (problem != null) {
                String code = problem.substring(0, problem.indexOf(':'));
                issues.add(new ValidationIssue(at.at("condition").toString(),
                        code.equals("UNKNOWN") ? "UNKNOWN_NODE" : code.equals("NO_STRUCTURED")
                                ? "NO_STRUCTURED_OUTPUT" : code,
                        "{{" + ref + "}} " + problem.substring(problem.indexOf(':') + 1)));
            }
        }
        if (e.routing() == null) {
            issues.add(new ValidationIssue(at.at("routing").toString(), "REQUIRED",
                    "a conditional edge needs routing with 'yes' and 'no'"));
            return;
        }
        target(e.routing().yes(), at.at("routing").at("yes"), nodes, issues);
        target(e.routing().no(), at.at("routing").at("no"), nodes, issues);
    }

    private static void target(String to, Pointer at, Map<String, NodeConfig> nodes, List<ValidationIssue> issues) {
        if (to == null || to.isBlank()) {
            issues.add(new ValidationIssue(at.toString(), "REQUIRED", "name a node or __end__"));
        } else if (!Edge.END.equals(to) && !nodes.containsKey(to)) {
            issues.add(unknown(at, to));
        }
    }

    private static ValidationIssue unknown(Pointer at, String name) {
        return new ValidationIssue(at.toString(), "UNKNOWN_NODE", "'" + name + "' is not a node of this workflow");
    }

    private static Set<String> reachable(Set<String> starts, List<Edge> edges) {
        Set<String> reached = new HashSet<>(starts);
        Deque<String> queue = new ArrayDeque<>(starts);
        while (!queue.isEmpty()) {
            String from = queue.poll();
            for (Edge e : edges) {
                if (e == null || !from.equals(e.from())) {
                    continue;
                }
                for (String to : e.routing() == null ? new String[]{e.to()}
                        : new String[]{e.to(), e.routing().yes(), e.routing().no()}) {
                    if (to != null && reached.add(to)) {
                        queue.add(to);
                    }
                }
            }
        }
        return reached;
    }
}

