package dev.agentplane.registry.training;

import dev.agentplane.registry.catalog.GraduationPolicy;

import java.util.List;

/** How close an agent is to its next maturity level, under the graduation policy. */
public record Readiness(String currentLevel, String nextLevel, double readinessScore, List<String> eligibleLevels,
                        long episodesUntilReview, long executionsAtLevel, Double successRateAtLevel,
                        GraduationPolicy.Promotion criteria) {

    static Readiness of(String level, TrainingEntity t, GraduationPolicy policy) {
        long execs = t == null ? 0 : t.executionsAtLevel;
        long successes = t == null ? 0 : t.successesAtLevel;
        Double rate = execs == 0 ? null : round((double) successes / execs);
        GraduationPolicy.Promotion p = policy.from(level).orElse(null);
        if (p == null) {
            return new Readiness(level, null, 1.0, List.of(), 0, execs, rate, null);
        }
        double feedback = feedbackScore(t) == null ? 0.0 : feedbackScore(t);
        double execPart = p.minExecutions() == 0 ? 1.0 : Math.min(1.0, (double) execs / p.minExecutions());
        double successPart = rate == null ? 0.0 : Math.min(1.0, rate / p.minSuccessRate());
        double feedbackPart = feedback >= p.minFeedbackScore() ? 1.0
                : Math.max(0.0, (feedback + 1) / (p.minFeedbackScore() + 1));
        double score = round(0.4 * execPart + 0.4 * successPart + 0.2 * feedbackPart);
        boolean eligible = execs >= p.minExecutions() && rate != null && rate >= p.minSuccessRate()
                && feedback >= p.minFeedbackScore();
        return new Readiness(level, p.to(), score, eligible ? List.of(p.to()) : List.of(),
                Math.max(0, p.minExecutions() - execs), execs, rate, p);
    }

    /** (positive − negative) / all feedback, in [-1, 1]; null without feedback. */
    static Double feedbackScore(TrainingEntity t) {
        long all = t == null ? 0 : t.positiveFeedback + t.negativeFeedback;
        return all == 0 ? null : round((double) (t.positiveFeedback - t.negativeFeedback) / all);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public boolean eligible() {
        return !eligibleLevels.isEmpty();
    }
}
