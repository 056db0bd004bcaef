package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.execution.tools.builtin.BuiltinCatalog;
import dev.agentplane.execution.tools.builtin.BuiltinToolkit;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * agent-registry's catalog (GET /v1/tools, what an agent may name) and what runs here are the same list:
 * the two services keep their own copy of one file, and this test keeps them equal and checks every entry runs.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class BuiltinCatalogTest {
    private static final Path REGISTRY_CATALOG = Path.of("../agent-registry/src/main/resources/catalog/tools.json");

    @Inject
    BuiltinCatalog catalog;
    @Inject
    BuiltinToolkit builtin;
    @Inject
    ObjectMapper mapper;

    @Test
    void theRegistrysCatalogIsExactlyWhatRunsHere() throws Exception {
        JsonNode ours;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(BuiltinCatalog.RESOURCE)) {
            ours = mapper.readTree(in);
        }
        assertTrue(Files.exists(REGISTRY_CATALOG), "run from the execution-service module directory");
        JsonNode registry = mapper.readTree(REGISTRY_CATALOG.toFile());
        assertEquals(registry, ours, "agent-registry's catalog/tools.json and execution-service's "
                + BuiltinCatalog.RESOURCE + " must be the same file");

        TreeSet<String> listed = new TreeSet<>(catalog.all().keySet());
        TreeSet<String> running = new TreeSet<>();
        for (ToolMethod m : builtin.methods()) {
            if (catalog.method(m.name()).isPresent()) {
                running.add(m.name());
            }
        }
        assertEquals(listed, running, "every catalog entry has a tool that runs it");
        for (ToolMethod m : catalog.all().values()) {
            assertEquals("builtin", m.toolkit());
            assertEquals("object", m.parameters().path("type").asText(), m.name());
            assertNotNull(m.riskLevel(), m.name());
        }
        assertTrue(catalog.method("send_email").orElseThrow().requiresConfirmation());
        assertFalse(catalog.method("send_email").orElseThrow().idempotent());
        assertTrue(catalog.method("calculator").orElseThrow().idempotent());
    }
}
