package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.toolkit.RiskLevel;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in tool methods as {@code toolkits/builtin.json} describes them — the same file as agent-registry's
 * {@code catalog/tools.json} (GET /v1/tools), kept equal by BuiltinCatalogTest, so the catalog lists exactly
 * what runs here.
 */
@ApplicationScoped
public class BuiltinCatalog {
    public static final String RESOURCE = "toolkits/builtin.json";

    @Inject
    ObjectMapper mapper;

    private Map<String, ToolMethod> methods;

    @PostConstruct
    void load() {
        Map<String, ToolMethod> byName = new LinkedHashMap<>();
        try (InputStream in = BuiltinCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            for (JsonNode t : mapper.readTree(in).path("tools")) {
                byName.put(t.path("id").asText(), new ToolMethod(t.path("toolkit").asText(), t.path("id").asText(),
                        t.path("description").asText(), t.path("parameters"), RiskLevel.of(t.path("risk_level").asText()),
                        t.path("requires_confirmation").asBoolean(), t.path("idempotent").asBoolean()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        methods = Map.copyOf(byName);
    }

    public Optional<ToolMethod> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    public Map<String, ToolMethod> all() {
        return methods;
    }
}
