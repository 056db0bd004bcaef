package dev.agentplane.execution.run;

import java.util.List;

/** The user's turn, checked: its text and any image URLs. */
public record UserInput(String text, List<String> imageUrls) {
}
