package dev.agentplane.console.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowSvgTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nodesEdgesAndConditionalBranchesAreDrawn() throws Exception {
        JsonNode config = JSON.readTree("""
                {"agents":[{"name":"writer"},{"name":"reviewer"},{"name":"publisher"}],
                 "edges":[{"from":"__start__","to":"writer"},{"from":"writer","to":"reviewer"},
                          {"from":"reviewer","condition":"{{reviewer.output.approved}}","routing":{"yes":"publisher","no":"writer"}},
                          {"from":"publisher","to":"__end__"}],
                 "entry_point":"writer"}""");
        String svg = WorkflowSvg.draw(config);
        assertEquals(5, count(svg, "<g class=\"node\""), svg);
        assertEquals(2, count(svg, "class=\"edge conditional\""), "yes and no");
        assertEquals(3, count(svg, "class=\"edge\""));
        assertTrue(svg.contains(">yes<") && svg.contains(">no<"));
    }

    @Test
    void namesAreEscapedAndAPlainAgentHasNoGraph() throws Exception {
        JsonNode config = JSON.readTree("{\"agents\":[{\"name\":\"<script>x</script>\"}],\"entry_point\":\"<script>x</script>\"}");
        String svg = WorkflowSvg.draw(config);
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("&lt;script&gt;"));
        assertEquals("", WorkflowSvg.draw(JSON.readTree("null")));
        assertEquals("", WorkflowSvg.draw(null));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
