package dev.agentplane.registry.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Providers and models agents may use: {@code catalog/models.json}, the configured default, and extras. */
@ApplicationScoped
public class ModelCatalog {
    @Inject
    ObjectMapper mapper;
    @Inject
    RegistryConfig config;

    private final Map<String, Set<String>> models = new HashMap<>();

    @PostConstruct
    void load() {
        Catalogs.read(mapper, "catalog/models.json").path("providers").fields().forEachRemaining(e -> {
            Set<String> names = new HashSet<>();
            e.getValue().forEach(m -> names.add(m.asText()));
            models.put(e.getKey(), names);
        });
        add(config.defaultProvider(), config.defaultModel());
        config.extraModels().ifPresent(extra -> extra.forEach(pm -> {
            int colon = pm.indexOf(':');
            if (colon > 0) {
                add(pm.substring(0, colon).trim(), pm.substring(colon + 1).trim());
            }
        }));
    }

    private void add(String provider, String model) {
        models.computeIfAbsent(provider, p -> new HashSet<>()).add(model);
    }

    public boolean knowsProvider(String provider) {
        return models.containsKey(provider);
    }

    public boolean knows(String provider, String model) {
        return models.getOrDefault(provider, Set.of()).contains(model);
    }

    public Set<String> providers() {
        return models.keySet();
    }
}
