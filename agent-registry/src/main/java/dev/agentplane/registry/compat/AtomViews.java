package dev.agentplane.registry.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.registry.agent.AgentInput;
import dev.agentplane.registry.agent.AgentView;
import dev.agentplane.registry.agent.LlmConfig;
import dev.agentplane.registry.training.Readiness;
import dev.agentplane.registry.training.TrainingView;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Seed 002's request and response shapes; each {@code of} only renames and picks canonical fields. */
final class AtomViews {
    private AtomViews() {
    }

    /** POST /api/agents: name, role and maturity_level are required by seed 002 (the canonical API has defaults). */
    record CreateRequest(@NotBlank @Size(max = 100) String name, @Size(max = 1000) String description,
                         @NotNull @Pattern(regexp = AgentInput.ROLES, message = "must be one of " + AgentInput.ROLES) String role,
                         @NotNull @Pattern(regexp = AgentInput.LEVELS, message = "must be one of " + AgentInput.LEVELS)
                         String maturityLevel,
                         @Size(max = 50) List<String> capabilities, JsonNode configuration) {
    }

    /** PUT /api/agents/{id}: only the members sent are changed (absent ones stay absent in the merge patch). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UpdateRequest(@Size(max = 100) String name, @Size(max = 1000) String description,
                         @Size(max = 50) List<String> capabilities, JsonNode configuration,
                         String role, String maturityLevel) {
    }

    record AgentList(List<Summary> agents, Pagination pagination) {
    }

    record Pagination(int page, int limit, long total, int pages) {
    }

    record One(Object agent) {
    }

    record Deleted(boolean deleted, String agentId) {
    }

    record Summary(String id, String name, String description, String role, String maturityLevel, String status,
                   Instant createdAt, Instant updatedAt) {
        static Summary of(AgentView a) {
            return new Summary(a.id(), a.name(), a.description(), a.role(), a.maturityLevel(), a.status(),
                    a.createdAt(), a.updatedAt());
        }
    }

    record Created(String id, String name, String description, String role, String maturityLevel,
                   List<String> capabilities, String status, Instant createdAt, String tenantId) {
        static Created of(AgentView a, String tenantId) {
            return new Created(a.id(), a.name(), a.description(), a.role(), a.maturityLevel(), a.capabilities(),
                    a.status(), a.createdAt(), tenantId);
        }
    }

    record Updated(String id, String name, String description, LlmConfig configuration, Instant updatedAt) {
        static Updated of(AgentView a) {
            return new Updated(a.id(), a.name(), a.description(), a.llmConfig(), a.updatedAt());
        }
    }

    record Detail(String id, String name, String description, String role, String maturityLevel, String status,
                  List<String> capabilities, LlmConfig configuration, Statistics statistics, Graduation graduation,
                  Instant createdAt, Instant updatedAt) {
        static Detail of(AgentView a, TrainingView t) {
            return new Detail(a.id(), a.name(), a.description(), a.role(), a.maturityLevel(), a.status(),
                    a.capabilities(), a.llmConfig(), Statistics.of(t.statistics()), Graduation.of(t.graduation()),
                    a.createdAt(), a.updatedAt());
        }
    }

    /** The platform records no per-answer confidence, so avg_confidence is null rather than invented. */
    record Statistics(long totalExecutions, long successfulExecutions, Double successRate, Double avgConfidence,
                      Instant lastExecution) {
        static Statistics of(TrainingView.Statistics s) {
            return new Statistics(s.totalExecutions(), s.successfulExecutions(), s.successRate(), null,
                    s.lastExecutionAt());
        }
    }

    record Graduation(String currentLevel, double readinessScore, List<String> eligibleLevels, long episodesUntilExam) {
        static Graduation of(Readiness r) {
            return new Graduation(r.currentLevel(), r.readinessScore(), r.eligibleLevels(), r.episodesUntilReview());
        }
    }

    record LearningStatistics(long totalExperiences, long successfulExperiences, Double successRate,
                              Double avgConfidence) {
    }

    record DetectedPattern(String pattern, Double successRate, long sampleSize) {
    }

    record Adaptation(String id, String type, String description, Double expectedImprovement) {
    }

    record Training(String agentId, LearningStatistics learningStatistics, List<DetectedPattern> patternsDetected,
                    List<Adaptation> adaptationsAvailable, Graduation graduationReadiness) {
        /**
         * Experiences are the agent's recorded executions; patterns are the outcomes the registry counts
         * (successful runs, rated answers); the one adaptation it can offer is the promotion the policy
         * allows (POST /v1/agents/{id}/promote), with no invented expected gain.
         */
        static Training of(TrainingView t) {
            TrainingView.Statistics s = t.statistics();
            Readiness r = t.graduation();
            List<DetectedPattern> patterns = new java.util.ArrayList<>();
            if (s.successfulExecutions() + s.failedExecutions() > 0) {
                patterns.add(new DetectedPattern("completed executions", s.successRate(),
                        s.successfulExecutions() + s.failedExecutions()));
            }
            TrainingView.Feedback f = s.feedback();
            if (f.positive() + f.negative() > 0) {
                patterns.add(new DetectedPattern("answers rated helpful", round((double) f.positive() / (f.positive() + f.negative())),
                        f.positive() + f.negative()));
            }
            List<Adaptation> adaptations = r.eligible()
                    ? List.of(new Adaptation("adapt_promote_" + r.nextLevel(), "promote_maturity",
                    "Promote to " + r.nextLevel() + " (POST /v1/agents/" + t.agentId() + "/promote)", null))
                    : List.of();
            return new Training(t.agentId(), new LearningStatistics(s.totalExecutions(), s.successfulExecutions(),
                    s.successRate(), null), patterns, adaptations, Graduation.of(r));
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
