package dev.agentplane.execution.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model call runs on: the provider (an operator's provider, unless withheld from the workspace's
 * {@code tier}, or a credential of {@code workspaceId}), the model and its settings, the ordered fallbacks tried when it fails ({@code llm_config.fallbacks}), and how long a
 * call may wait for the providers' rate limits (null: the sync budget).
 */
public record ModelSpec(String provider, String model, Double temperature, Integer maxTokens, String workspaceId,
                        String tier, List<Fallback> fallbacks, Duration queueWait) {

    /** A model on the operator's providers only, without fallbacks, with the sync wait budget. */
    public ModelSpec(String provider, String model, Double temperature, Integer maxTokens) {
        this(provider, model, temperature, maxTokens, null, null, List.of(), null);
    }

    public ModelSpec {
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    /** A (provider, model) tried after the ones before it failed. */
    public record Fallback(String provider, String model) {
    }

    /** A workflow node's own settings over these (null keeps this one's); the workspace and fallbacks stay. */
    public ModelSpec with(String provider, String model, Double temperature, Integer maxTokens) {
        return new ModelSpec(provider != null ? provider : this.provider, model != null ? model : this.model,
                temperature != null ? temperature : this.temperature, maxTokens != null ? maxTokens : this.maxTokens,
                workspaceId, tier, fallbacks, queueWait);
    }

    /** This model, then each fallback (same settings), in the order they are tried. */
    public List<ModelSpec> chain() {
        List<ModelSpec> chain = new ArrayList<>(1 + fallbacks.size());
        chain.add(new ModelSpec(provider, model, temperature, maxTokens, workspaceId, tier, List.of(), queueWait));
        for (Fallback f : fallbacks) {
            chain.add(new ModelSpec(f.provider(), f.model() != null ? f.model() : model, temperature, maxTokens,
                    workspaceId, tier, List.of(), queueWait));
        }
        return chain;
    }

    /** How steps and errors name it: {@code provider/model}. */
    public String label() {
        return (provider == null ? "default" : provider) + "/" + model;
    }
}
