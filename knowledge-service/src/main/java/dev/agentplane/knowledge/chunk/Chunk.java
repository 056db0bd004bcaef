package dev.agentplane.knowledge.chunk;

/**
 * A piece of a document as it is embedded and searched: its place in the document ({@code position} from 0),
 * the page it is on (when the text marks pages with form feeds, as extracted PDFs may), the heading path it
 * sits under, and its size in tokens.
 */
public record Chunk(int position, Integer page, String heading, String text, int tokens) {

    /** What the model embeds: the heading path gives the chunk its context. */
    public String embeddingInput() {
        return heading == null ? text : heading + "\n" + text;
    }
}
