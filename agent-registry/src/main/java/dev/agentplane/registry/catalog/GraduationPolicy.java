package dev.agentplane.registry.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The maturity ladder and what an agent must show to climb it, loaded from {@code catalog/graduation-policy.json}. */
@ApplicationScoped
public class GraduationPolicy {
    @Inject
    ObjectMapper mapper;

    private Data data;

    /** The policy file's content. */
    public record Data(List<String> levels, Map<String, String> maxRiskByLevel, Map<String, Promotion> promotions) {
    }

    /** What moving from one level to the next requires. */
    public record Promotion(String to, long minExecutions, double minSuccessRate, double minFeedbackScore) {
    }

    @PostConstruct
    void load() {
        data = mapper.convertValue(Catalogs.read(mapper, "catalog/graduation-policy.json"), Data.class);
    }

    public Optional<Promotion> from(String level) {
        return Optional.ofNullable(data.promotions().get(level));
    }

    /** The highest risk level an agent at {@code level} may call unattended (the top level's when unknown). */
    public String maxRisk(String level) {
        String risk = level == null ? null : data.maxRiskByLevel().get(level);
        return risk != null ? risk : data.maxRiskByLevel().get(data.levels().get(data.levels().size() - 1));
    }

    public Map<String, String> maxRiskByLevel() {
        return data.maxRiskByLevel();
    }

    public List<String> levels() {
        return data.levels();
    }
}
