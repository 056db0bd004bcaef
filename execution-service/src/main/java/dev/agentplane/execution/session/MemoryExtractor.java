package dev.agentplane.execution.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Picks facts a user states about themselves out of their message ("My name is Ann.", "I live in
 * Lyon.", "I prefer tea.") and words them in the third person. Rule-based on purpose: it costs no model
 * call on the hot path and is deterministic; an LLM-based extractor can replace it behind this method.
 */
public final class MemoryExtractor {
    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?\\n])\\s+");
    private static final Pattern SELF = Pattern.compile(
            "^(my |i am |i'm |i live |i work |i like |i love |i prefer |i hate |i have |i use ).*",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_FACTS = 5;
    private static final int MAX_CHARS = 300;

    private MemoryExtractor() {
    }

    public static List<String> facts(String userText) {
        List<String> facts = new ArrayList<>();
        if (userText == null) {
            return facts;
        }
        for (String sentence : SENTENCES.split(userText.trim())) {
            String s = sentence.trim().replaceAll("[.!?]+$", "");
            if (s.length() < 6 || s.length() > MAX_CHARS || s.endsWith("?") || !SELF.matcher(s).matches()) {
                continue;
            }
            facts.add(thirdPerson(s));
            if (facts.size() == MAX_FACTS) {
                break;
            }
        }
        return facts;
    }

    private static String thirdPerson(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("my ")) {
            return "The user's " + s.substring(3);
        }
        if (lower.startsWith("i am ")) {
            return "The user is " + s.substring(5);
        }
        if (lower.startsWith("i'm ")) {
            return "The user is " + s.substring(4);
        }
        String verb = s.substring(2);
        return "The user " + (verb.startsWith("have ") ? "has " + verb.substring(5) : verb.replaceFirst("^(\\w+)", "$1s"));
    }
}
