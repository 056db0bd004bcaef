package dev.agentplane.attachments.attachment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FilenamesTest {
    @Test
    void aLongNameIsNeverCutInsideASurrogatePair() {
        String name = "\uD83D\uDE00".repeat(200) + ".txt"; // 404 chars: the cut at 255 from the end falls in a pair
        String cleaned = Filenames.clean(name);
        assertFalse(Character.isLowSurrogate(cleaned.charAt(0)), "starts with half an emoji");
        assertEquals(".txt", cleaned.substring(cleaned.length() - 4));
    }

    @Test
    void controlCharactersAndPathsAreDropped() {
        assertEquals("ab.txt", Filenames.clean("../x/a\u0000b.txt"));
        assertEquals("upload", Filenames.clean("\u0000"));
    }
}
