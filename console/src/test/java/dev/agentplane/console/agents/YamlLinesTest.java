package dev.agentplane.console.agents;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class YamlLinesTest {
    private static final String YAML = """
            id: a
            name: Helper
            llm_config:
              provider: openai
              model: nope
            agents:
              - name: writer
                system_prompt: Write.
              - name: reviewer
                tools: [web_search, nope]
            """;

    @Test
    void aPointerIsTheLineOfItsMember() {
        assertEquals(5, YamlLines.lineOf(YAML, "/llm_config/model"));
        assertEquals(3, YamlLines.lineOf(YAML, "/llm_config"), "a block's line is its key's");
        assertEquals(9, YamlLines.lineOf(YAML, "/agents/1/name"));
        assertEquals(10, YamlLines.lineOf(YAML, "/agents/1/tools/1"));
    }

    @Test
    void aMissingMemberIsReportedAtItsNearestParent() {
        assertEquals(3, YamlLines.lineOf(YAML, "/llm_config/temperature"));
        assertEquals(1, YamlLines.lineOf(YAML, "/description"));
        assertEquals(1, YamlLines.lineOf(YAML, ""));
        assertEquals(1, YamlLines.lineOf("", "/name"));
    }

    @Test
    void aSyntaxErrorHasItsLine() {
        assertEquals(3, YamlLines.syntaxErrorLine("id: a\nname: b\n  bad: [unclosed\n").orElse(-1));
        assertEquals(-1, YamlLines.syntaxErrorLine(YAML).orElse(-1));
    }
}
