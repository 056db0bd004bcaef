package dev.agentplane.registry.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the registry's data files (tools, models, graduation policy) from the class path. */
public final class Catalogs {
    private Catalogs() {
    }

    public static JsonNode read(ObjectMapper mapper, String resource) {
        try (InputStream in = Catalogs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
