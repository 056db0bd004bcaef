package dev.agentplane.console.agents;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts (two versions of an agent as YAML): the longest common subsequence of their lines, the
 * rest marked removed or added. Quadratic in lines, so both sides are capped; an agent's YAML is a few hundred lines.
 */
public final class LineDiff {
    static final int MAX_LINES = 3000;

    private LineDiff() {
    }

    /** One line of the diff: {@code kind} is {@code same}, {@code del} (only in the older) or {@code add}. */
    public record Line(String kind, String text) {
        public String mark() {
            return switch (kind) {
                case "add" -> "+";
                case "del" -> "−";
                default -> " ";
            };
        }
    }

    public static List<Line> of(String older, String newer) {
        String[] a = lines(older);
        String[] b = lines(newer);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line("same", a[i++]));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line("del", a[i++]));
            } else {
                out.add(new Line("add", b[j++]));
            }
        }
        while (i < a.length) {
            out.add(new Line("del", a[i++]));
        }
        while (j < b.length) {
            out.add(new Line("add", b[j++]));
        }
        return out;
    }

    public static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> !l.kind().equals("same"));
    }

    private static String[] lines(String text) {
        if (text == null || text.isEmpty()) {
            return new String[0];
        }
        String[] all = text.split("\n", -1);
        int n = all[all.length - 1].isEmpty() ? all.length - 1 : all.length;
        if (n > MAX_LINES) {
            throw new IllegalArgumentException("more than " + MAX_LINES + " lines");
        }
        String[] out = new String[n];
        System.arraycopy(all, 0, out, 0, n);
        return out;
    }
}
