package dev.agentplane.execution;

import dev.agentplane.execution.session.MemoryExtractor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Facts users state about themselves, in the third person; questions and chatter are not facts. */
class MemoryExtractorTest {
    @Test
    void selfStatementsBecomeFacts() {
        assertEquals(List.of("The user's name is Ann", "The user is a nurse", "The user prefers green tea",
                        "The user has two cats"),
                MemoryExtractor.facts("My name is Ann. I'm a nurse! I prefer green tea.\nI have two cats."));
    }

    @Test
    void questionsAndOtherSentencesAreNot() {
        assertEquals(List.of(), MemoryExtractor.facts("What is my name? Tell me a joke. The sky is blue."));
        assertEquals(List.of(), MemoryExtractor.facts(null));
    }
}
