package dev.agentplane.console.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow agent's graph as SVG, drawn on the server: nodes in rows by their distance from the start, plain
 * edges solid, a condition's yes/no edges dashed and labelled. It scales to the page (viewBox), so it reads at
 * 375 px as at 1440 px. Every text is escaped: node names and conditions come from the user.
 */
public final class WorkflowSvg {
    private static final String START = "__start__";
    private static final String END = "__end__";
    private static final int W = 150, H = 40, GAP_X = 30, GAP_Y = 70, PAD = 20;
    /** Room beside the rows: on the left for edges that skip a row, on the right for edges back up (loops). */
    private static final int LEFT = 80, RIGHT = 120;

    private WorkflowSvg() {
    }

    record Edge(String from, String to, String label) {
    }

    /** The SVG, or an empty string for an agent without a workflow. */
    public static String draw(JsonNode systemConfig) {
        if (systemConfig == null || !systemConfig.path("agents").isArray() || systemConfig.path("agents").isEmpty()) {
            return "";
        }
        List<String> nodes = new ArrayList<>();
        nodes.add(START);
        for (JsonNode a : systemConfig.path("agents")) {
            nodes.add(a.path("name").asText());
        }
        List<Edge> edges = new ArrayList<>();
        boolean hasStartEdge = false;
        for (JsonNode e : systemConfig.path("edges")) {
            String from = e.path("from").asText();
            hasStartEdge |= START.equals(from);
            if (e.hasNonNull("to")) {
                edges.add(new Edge(from, e.path("to").asText(), null));
            }
            JsonNode routing = e.path("routing");
            for (String[] branch : new String[][]{{"yes", "yes"}, {"true", "yes"}, {"no", "no"}, {"false", "no"}}) {
                if (routing.hasNonNull(branch[0])) {
                    edges.add(new Edge(from, routing.path(branch[0]).asText(), branch[1]));
                }
            }
        }
        String entry = systemConfig.path("entry_point").asText("");
        if (!hasStartEdge && !entry.isEmpty()) {
            edges.add(0, new Edge(START, entry, null));
        }
        boolean endUsed = edges.stream().anyMatch(e -> END.equals(e.to()));
        if (endUsed) {
            nodes.add(END);
        }
        for (Edge e : edges) {
            if (!nodes.contains(e.to())) {
                nodes.add(e.to());
            }
        }

        // rows: breadth-first distance from the start; unreachable nodes go below; the end is always last
        Map<String, Integer> row = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        row.put(START, 0);
        queue.add(START);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            for (Edge e : edges) {
                if (e.from().equals(n) && !row.containsKey(e.to()) && !END.equals(e.to())) {
                    row.put(e.to(), row.get(n) + 1);
                    queue.add(e.to());
                }
            }
        }
        int max = row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (String n : nodes) {
            if (!row.containsKey(n) && !END.equals(n)) {
                row.put(n, ++max);
            }
        }
        if (endUsed) {
            row.put(END, max + 1);
        }
        int rows = row.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> byRow = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            byRow.add(new ArrayList<>());
        }
        row.forEach((n, r) -> byRow.get(r).add(n));
        int widest = byRow.stream().mapToInt(List::size).max().orElse(1);
        int width = PAD * 2 + widest * W + (widest - 1) * GAP_X + LEFT + RIGHT;
        int height = PAD * 2 + rows * H + (rows - 1) * GAP_Y;
        Map<String, int[]> pos = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++) {
            List<String> inRow = byRow.get(r);
            int rowWidth = inRow.size() * W + (inRow.size() - 1) * GAP_X;
            int x0 = LEFT + (width - LEFT - RIGHT - rowWidth) / 2;
            for (int i = 0; i < inRow.size(); i++) {
                pos.put(inRow.get(i), new int[]{x0 + i * (W + GAP_X), PAD + r * (H + GAP_Y)});
            }
        }

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"workflow\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" aria-labelledby=\"wf-title\">")
                .append("<title id=\"wf-title\">Workflow graph: ").append(esc(String.join(", ", nodes))).append("</title>")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#334\"/></marker></defs>");
        int back = 0;
        for (Edge e : edges) {
            int[] a = pos.get(e.from());
            int[] b = pos.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            String dash = e.label() == null ? "" : " stroke-dasharray=\"6 4\"";
            String cls = e.label() == null ? "edge" : "edge conditional";
            int x1 = a[0] + W / 2, y1 = a[1] + H, x2 = b[0] + W / 2, y2 = b[1];
            int lx, ly;
            if (b[1] > a[1] + H + GAP_Y) {
                // skips a row: bow out to the left so it does not run through the nodes between
                int bow = Math.max(PAD, Math.min(a[0], b[0]) - 40 - (back++ % 4) * 15);
                svg.append("<path class=\"").append(cls).append("\" d=\"M").append(a[0]).append(',').append(a[1] + H / 2)
                        .append(" C").append(bow).append(',').append(a[1] + H / 2).append(' ').append(bow).append(',').append(b[1] + H / 2)
                        .append(' ').append(b[0]).append(',').append(b[1] + H / 2).append("\" stroke=\"#334\" fill=\"none\"").append(dash)
                        .append(" marker-end=\"url(#arrow)\"/>");
                lx = bow + 4;
                ly = (a[1] + b[1] + H) / 2;
            } else if (b[1] > a[1]) {
                svg.append("<path class=\"").append(cls).append("\" d=\"M").append(x1).append(',').append(y1)
                        .append(" L").append(x2).append(',').append(y2).append("\" stroke=\"#334\" fill=\"none\"").append(dash)
                        .append(" marker-end=\"url(#arrow)\"/>");
                lx = (x1 + x2) / 2 + 6;
                ly = (y1 + y2) / 2;
            } else {
                // an edge back up (a loop): around the right side
                int side = width - RIGHT + 10 + (back++ % 4) * 20;
                int ya = a[1] + H / 2, yb = b[1] + H / 2;
                svg.append("<path class=\"").append(cls).append("\" d=\"M").append(a[0] + W).append(',').append(ya)
                        .append(" C").append(side).append(',').append(ya).append(' ').append(side).append(',').append(yb)
                        .append(' ').append(b[0] + W).append(',').append(yb).append("\" stroke=\"#334\" fill=\"none\"").append(dash)
                        .append(" marker-end=\"url(#arrow)\"/>");
                lx = side - 10;
                ly = (ya + yb) / 2;
            }
            if (e.label() != null) {
                svg.append("<text class=\"edge-label\" x=\"").append(lx).append("\" y=\"").append(ly)
                        .append("\" font-size=\"13\" fill=\"#1a4d8f\">").append(esc(e.label())).append("</text>");
            }
        }
        for (Map.Entry<String, int[]> n : pos.entrySet()) {
            boolean terminal = START.equals(n.getKey()) || END.equals(n.getKey());
            int[] p = n.getValue();
            svg.append("<g class=\"node\" data-node=\"").append(esc(n.getKey())).append("\"><rect x=\"").append(p[0])
                    .append("\" y=\"").append(p[1]).append("\" width=\"").append(W).append("\" height=\"").append(H)
                    .append("\" rx=\"").append(terminal ? 20 : 6).append("\" fill=\"").append(terminal ? "#eef" : "#fff")
                    .append("\" stroke=\"#334\"/><text x=\"").append(p[0] + W / 2).append("\" y=\"").append(p[1] + H / 2 + 5)
                    .append("\" text-anchor=\"middle\" font-size=\"14\" fill=\"#111\">")
                    .append(esc(shorten(terminal ? n.getKey().replace("_", "") : n.getKey()))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String shorten(String s) {
        return s.length() > 18 ? s.substring(0, 17) + "…" : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
