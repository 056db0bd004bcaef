package dev.agentplane.kit.request;

import dev.agentplane.kit.error.ErrorCodes;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.kit.error.Problems;
import dev.agentplane.kit.json.TextRules;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses a query or path parameter that breaks {@link TextRules} (a decoded {@code %00} reached PostgreSQL as a
 * NUL and failed the list query with a 500) before any resource sees it: 400 naming the parameter.
 */
public class TextParamsFilter {

    @ServerRequestFilter(priority = 10)
    public Response check(ContainerRequestContext request) {
        List<FieldError> errors = new ArrayList<>();
        collect(request.getUriInfo().getQueryParameters(), errors);
        collect(request.getUriInfo().getPathParameters(), errors);
        if (errors.isEmpty()) {
            return null;
        }
        return Problems.response(400, ErrorCodes.INVALID_INPUT, "The parameter '" + errors.get(0).field() + "' "
                + errors.get(0).message() + ".", errors, Map.of(), request);
    }

    private static void collect(MultivaluedMap<String, String> params, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String problem = TextRules.problem(param.getKey());
            for (String value : param.getValue()) {
                if (problem == null) {
                    problem = TextRules.problem(value);
                }
            }
            if (problem != null) {
                String name = TextRules.problem(param.getKey()) == null ? param.getKey() : "(parameter name)";
                errors.add(new FieldError(name, problem));
            }
        }
    }
}
