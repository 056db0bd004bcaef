package dev.agentplane.registry.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Operator settings of the registry: the model new agents get by default and extra known models. */
@ConfigMapping(prefix = "agentplane.registry")
public interface RegistryConfig {

    /** Provider for agents that name none (the simulator speaks the OpenAI protocol). */
    @WithDefault("openai")
    String defaultProvider();

    /** Model for agents that name none: the simulator's model; operators set a real one. */
    @WithDefault("sim-1")
    String defaultModel();

    @WithDefault("0.7")
    double defaultTemperature();

    /** More models accepted besides catalog/models.json, as {@code provider:model}. */
    Optional<List<String>> extraModels();
}
