package dev.agentplane.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON mapper of the server's request bodies and answers: the application's mapper plus the rules for what
 * clients send — duplicate member names refused (Jackson kept the last one silently, and on records failed with
 * an empty 500) and {@link RequestBodyRules}. Server-side only: what the platform reads from Kafka, Redis, other
 * services and model providers keeps the plain mapper, so a model's odd character cannot fail a run here.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class RequestJson implements ContextResolver<ObjectMapper> {
    private final ObjectMapper strict;

    @Inject
    public RequestJson(ObjectMapper mapper) {
        this.strict = mapper.copy()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .registerModule(RequestBodyRules.module());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
