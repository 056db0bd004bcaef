package dev.agentplane.knowledge.chunk;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into chunks that respect its structure: a chunk never crosses a Markdown heading or a page
 * (form feed); within a section it packs whole paragraphs, and only a paragraph larger than a chunk is cut,
 * at lines, then sentences, then words. Consecutive chunks of a section share up to {@code overlap} tokens of
 * whole sentences or lines. Sizes are in tokens of the embedding model's tokenizer.
 */
public final class Chunker {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    private final int size;
    private final int overlap;
    private final ToIntFunction<String> tokens;

    public Chunker(int size, int overlap, ToIntFunction<String> tokens) {
        this.size = size;
        this.overlap = overlap;
        this.tokens = tokens;
    }

    /** A run of text with the separator that goes before it when joined to the previous unit. */
    private record Unit(String text, String separator, int tokens) {
    }

    private record Section(Integer page, String heading, List<String> paragraphs) {
    }

    public List<Chunk> chunk(String text) {
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : sections(text.replace("\r\n", "\n").replace('\r', '\n'))) {
            List<Unit> units = new ArrayList<>();
            for (String paragraph : section.paragraphs()) {
                split(paragraph, "\n\n", units);
            }
            pack(section, units, chunks);
        }
        return chunks;
    }

    private List<Section> sections(String text) {
        List<Section> sections = new ArrayList<>();
        String[] pages = text.split("\f", -1);
        String[] path = new String[6];
        for (int p = 0; p < pages.length; p++) {
            Integer page = pages.length > 1 ? p + 1 : null;
            List<String> paragraphs = new ArrayList<>();
            StringBuilder paragraph = new StringBuilder();
            String heading = heading(path);
            for (String line : pages[p].split("\n", -1)) {
                Matcher m = HEADING.matcher(line);
                if (m.matches() || line.isBlank()) {
                    flush(paragraph, paragraphs);
                }
                if (m.matches()) {
                    sections.add(new Section(page, heading, paragraphs));
                    int level = m.group(1).length();
                    path[level - 1] = m.group(2);
                    for (int i = level; i < path.length; i++) {
                        path[i] = null;
                    }
                    heading = heading(path);
                    paragraphs = new ArrayList<>();
                } else if (!line.isBlank()) {
                    paragraph.append(paragraph.isEmpty() ? "" : "\n").append(line.strip());
                }
            }
            flush(paragraph, paragraphs);
            sections.add(new Section(page, heading, paragraphs));
        }
        sections.removeIf(s -> s.paragraphs().isEmpty());
        return sections;
    }

    private static void flush(StringBuilder paragraph, List<String> paragraphs) {
        if (!paragraph.isEmpty()) {
            paragraphs.add(paragraph.toString());
            paragraph.setLength(0);
        }
    }

    private static String heading(String[] path) {
        StringBuilder out = new StringBuilder();
        for (String h : path) {
            if (h != null) {
                out.append(out.isEmpty() ? "" : " > ").append(h);
            }
        }
        return out.isEmpty() ? null : out.length() > 500 ? out.substring(0, 500) : out.toString();
    }

    /** Adds the text as one unit when it fits a chunk, else cut at lines, then sentences, then words. */
    private void split(String text, String separator, List<Unit> out) {
        int count = tokens.applyAsInt(text);
        if (count <= size) {
            out.add(new Unit(text, separator, count));
            return;
        }
        List<String> parts = text.contains("\n") ? List.of(text.split("\n")) : sentences(text);
        String inner = text.contains("\n") ? "\n" : " ";
        if (parts.size() > 1) {
            for (int i = 0; i < parts.size(); i++) {
                split(parts.get(i), i == 0 ? separator : inner, out);
            }
            return;
        }
        words(text, separator, out);
    }

    private static List<String> sentences(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        List<String> out = new ArrayList<>();
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Last resort for a sentence longer than a chunk: runs of words that fit. */
    private void words(String text, String separator, List<Unit> out) {
        StringBuilder run = new StringBuilder();
        int runTokens = 0;
        for (String word : text.split("\\s+")) {
            int wordTokens = tokens.applyAsInt(word);
            if (runTokens + wordTokens > size && !run.isEmpty()) {
                out.add(new Unit(run.toString(), separator, runTokens));
                separator = " ";
                run.setLength(0);
                runTokens = 0;
            }
            if (wordTokens > size) {
                // a "word" of thousands of characters (base64, a URL): cut it by characters
                word = word.substring(0, Math.min(word.length(), size));
                wordTokens = tokens.applyAsInt(word);
            }
            run.append(run.isEmpty() ? "" : " ").append(word);
            runTokens += wordTokens;
        }
        if (!run.isEmpty()) {
            out.add(new Unit(run.toString(), separator, runTokens));
        }
    }

    private void pack(Section section, List<Unit> units, List<Chunk> chunks) {
        List<Unit> current = new ArrayList<>();
        int currentTokens = 0;
        boolean fresh = false;
        for (Unit unit : units) {
            if (currentTokens + unit.tokens() > size && fresh) {
                chunks.add(chunk(chunks.size(), section, current, currentTokens));
                List<Unit> tail = tail(current);
                current = new ArrayList<>(tail);
                currentTokens = tail.stream().mapToInt(Unit::tokens).sum();
                fresh = false;
                if (currentTokens + unit.tokens() > size) {
                    current.clear();
                    currentTokens = 0;
                }
            }
            current.add(unit);
            currentTokens += unit.tokens();
            fresh = true;
        }
        if (fresh) {
            chunks.add(chunk(chunks.size(), section, current, currentTokens));
        }
    }

    /** The last whole units of a chunk that fit in the overlap. */
    private List<Unit> tail(List<Unit> units) {
        List<Unit> tail = new ArrayList<>();
        int total = 0;
        for (int i = units.size() - 1; i >= 0; i--) {
            Unit u = units.get(i);
            if (total + u.tokens() > overlap) {
                break;
            }
            tail.add(0, u);
            total += u.tokens();
        }
        return tail;
    }

    private static Chunk chunk(int position, Section section, List<Unit> units, int count) {
        StringBuilder text = new StringBuilder();
        for (Unit u : units) {
            text.append(text.isEmpty() ? "" : u.separator()).append(u.text());
        }
        return new Chunk(position, section.page(), section.heading(), text.toString(), count);
    }
}
