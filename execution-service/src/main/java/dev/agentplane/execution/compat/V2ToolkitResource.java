package dev.agentplane.execution.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.tools.direct.ToolkitRunResource;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 004's direct toolkit run, {@code GET /v2/agents/{id}/toolkit/run?toolkit_name=…&method_name=…&<args>}: the
 * query's other parameters are the method's arguments (numbers and booleans read as such), run as the canonical
 * {@code POST /v1/agents/{id}/toolkits/{toolkit}/{method}}.
 */
@Path("/v2/agents/{id}/toolkit/run")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
@Produces(MediaType.APPLICATION_JSON)
public class V2ToolkitResource {
    /** Parameters of the request itself, not arguments of the method. */
    private static final Set<String> OWN = Set.of("toolkit_name", "method_name", "user_id", "session_id");

    @Inject
    ToolkitRunResource toolkits;
    @Inject
    ObjectMapper mapper;

    @GET
    @Blocking
    public ToolkitRunResource.ToolkitRun run(@PathParam("id") String agentId, @Context UriInfo uri,
                                            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Map<String, List<String>> query = uri.getQueryParameters();
        String toolkit = first(query, "toolkit_name");
        String method = first(query, "method_name");
        if (toolkit == null || method == null) {
            throw ApiException.invalid(toolkit == null ? "toolkit_name" : "method_name", "is required");
        }
        ObjectNode arguments = mapper.createObjectNode();
        query.forEach((name, values) -> {
            if (!OWN.contains(name) && !values.isEmpty()) {
                arguments.set(name, value(values.get(0)));
            }
        });
        return toolkits.run(agentId, toolkit, method, idempotencyKey, arguments);
    }

    private com.fasterxml.jackson.databind.JsonNode value(String text) {
        if ("true".equals(text) || "false".equals(text)) {
            return mapper.getNodeFactory().booleanNode(Boolean.parseBoolean(text));
        }
        if (text.matches("-?\\d{1,15}")) {
            return mapper.getNodeFactory().numberNode(Long.parseLong(text));
        }
        if (text.matches("-?\\d{1,15}\\.\\d{1,15}")) {
            return mapper.getNodeFactory().numberNode(Double.parseDouble(text));
        }
        return mapper.getNodeFactory().textNode(text);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
