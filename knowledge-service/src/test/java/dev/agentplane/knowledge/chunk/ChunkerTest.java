package dev.agentplane.knowledge.chunk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Structure-aware chunking, with words as tokens so that sizes are easy to check. */
class ChunkerTest {
    private static int words(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    @Test
    void chunksNeverCrossHeadingsAndKeepTheirPath() {
        String text = "# Guide\nIntro line.\n\n## Install\nRun the installer.\n\n## Use\nOpen the app.\n";
        List<Chunk> chunks = new Chunker(50, 0, ChunkerTest::words).chunk(text);
        assertEquals(3, chunks.size());
        assertEquals("Guide", chunks.get(0).heading());
        assertEquals("Guide > Install", chunks.get(1).heading());
        assertEquals("Run the installer.", chunks.get(1).text());
        assertEquals("Guide > Use", chunks.get(2).heading());
        assertEquals(List.of(0, 1, 2), chunks.stream().map(Chunk::position).toList());
        assertEquals("Guide > Use\nOpen the app.", chunks.get(2).embeddingInput());
    }

    @Test
    void paragraphsArePackedWholeAndLongOnesCutAtSentences() {
        String p1 = "one two three four five.";
        String p2 = "six seven eight nine ten.";
        String longParagraph = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu. Nu xi omicron pi.";
        List<Chunk> chunks = new Chunker(10, 0, ChunkerTest::words).chunk(p1 + "\n\n" + p2 + "\n\n" + longParagraph);
        assertEquals(p1 + "\n\n" + p2, chunks.get(0).text());
        assertEquals(10, chunks.get(0).tokens());
        assertEquals("Alpha beta gamma delta. Epsilon zeta eta theta.", chunks.get(1).text());
        assertEquals("Iota kappa lambda mu. Nu xi omicron pi.", chunks.get(2).text());
        chunks.forEach(c -> assertTrue(c.tokens() <= 10, c.text()));
    }

    @Test
    void overlapRepeatsWholeSentences() {
        String text = "A b c. D e f. G h i. J k l. M n o.";
        List<Chunk> chunks = new Chunker(6, 3, ChunkerTest::words).chunk(text);
        assertEquals("A b c. D e f.", chunks.get(0).text());
        assertEquals("D e f. G h i.", chunks.get(1).text());
        assertEquals("G h i. J k l.", chunks.get(2).text());
        assertEquals("J k l. M n o.", chunks.get(3).text());
        assertEquals(4, chunks.size());
    }

    @Test
    void pagesComeFromFormFeedsAndAWordRunIsCut() {
        List<Chunk> chunks = new Chunker(4, 0, ChunkerTest::words).chunk("first page\fsecond page has one two three four five six");
        assertEquals(1, chunks.get(0).page());
        assertEquals(2, chunks.get(1).page());
        assertEquals("second page has one", chunks.get(1).text());
        assertEquals("two three four five", chunks.get(2).text());
        assertEquals("six", chunks.get(3).text());
        assertNull(new Chunker(4, 0, ChunkerTest::words).chunk("no pages").get(0).page());
        assertTrue(new Chunker(4, 0, ChunkerTest::words).chunk("\n\n   \n# Only a heading\n").isEmpty());
    }

    @Test
    void csvRowsAreCutAtLines() {
        String csv = "name,team\nada,core\ngrace,compilers\nlinus,kernel";
        List<Chunk> chunks = new Chunker(2, 0, s -> s.split("\n").length).chunk(csv);
        assertEquals("name,team\nada,core", chunks.get(0).text());
        assertEquals("grace,compilers\nlinus,kernel", chunks.get(1).text());
    }
}
