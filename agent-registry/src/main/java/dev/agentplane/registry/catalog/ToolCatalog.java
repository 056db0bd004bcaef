package dev.agentplane.registry.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in tools agents may name, loaded from {@code catalog/tools.json}. */
@ApplicationScoped
public class ToolCatalog {
    @Inject
    ObjectMapper mapper;

    private Map<String, Tool> tools;
    private List<Tool> ordered;

    @PostConstruct
    void load() {
        Map<String, Tool> byId = new LinkedHashMap<>();
        for (JsonNode node : Catalogs.read(mapper, "catalog/tools.json").path("tools")) {
            Tool tool = mapper.convertValue(node, Tool.class);
            byId.put(tool.id(), tool);
        }
        tools = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
    }

    public List<Tool> all() {
        return ordered;
    }

    public Optional<Tool> find(String id) {
        return Optional.ofNullable(tools.get(id));
    }

    public boolean knows(String id) {
        return tools.containsKey(id);
    }
}
