package dev.agentplane.execution.engine;

import java.util.List;

/** The instructions of a node's reasoning phase (seed 004's enable_reasoning). */
final class ReasoningPrompt {
    static final String DONE = "DONE";

    private ReasoningPrompt() {
    }

    static String step(List<String> earlier, int step, Graph.Reasoning bounds) {
        StringBuilder prompt = new StringBuilder("Before answering, reason step by step. ");
        if (!earlier.isEmpty()) {
            prompt.append("Your steps so far:\n").append(numbered(earlier)).append('\n');
        }
        prompt.append("Write reasoning step ").append(step).append(" of at most ").append(bounds.maxSteps())
                .append(" in one short paragraph. Do not answer yet.");
        if (step >= bounds.minSteps()) {
            prompt.append(" If you have reasoned enough, start the step with ").append(DONE).append('.');
        }
        return prompt.toString();
    }

    static String answer(List<String> steps) {
        return "Your reasoning:\n" + numbered(steps) + "\nNow give your answer.";
    }

    static boolean done(String step) {
        return step.startsWith(DONE);
    }

    private static String numbered(List<String> steps) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            text.append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return text.toString();
    }
}
