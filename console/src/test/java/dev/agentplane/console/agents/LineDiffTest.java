package dev.agentplane.console.agents;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LineDiffTest {
    @Test
    void aChangedLineIsRemovedThenAddedAndTheRestKept() {
        List<LineDiff.Line> diff = LineDiff.of("name: A\nmodel: sim-1\nmax_tokens: 100\n", "name: A\nmodel: sim-2\nmax_tokens: 100\n");
        assertEquals(List.of(new LineDiff.Line("same", "name: A"), new LineDiff.Line("del", "model: sim-1"),
                new LineDiff.Line("add", "model: sim-2"), new LineDiff.Line("same", "max_tokens: 100")), diff);
        assertTrue(LineDiff.changed(diff));
    }

    @Test
    void addedAndRemovedAtTheEndsAndNothingChanged() {
        assertEquals(List.of(new LineDiff.Line("add", "a"), new LineDiff.Line("same", "b"), new LineDiff.Line("del", "c")),
                LineDiff.of("b\nc", "a\nb"));
        assertFalse(LineDiff.changed(LineDiff.of("x\ny\n", "x\ny\n")));
        assertEquals(List.of(new LineDiff.Line("add", "x")), LineDiff.of("", "x"));
    }

    @Test
    void tooManyLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LineDiff.of("a\n".repeat(LineDiff.MAX_LINES + 1), "a"));
    }
}
