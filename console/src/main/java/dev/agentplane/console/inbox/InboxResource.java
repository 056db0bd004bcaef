package dev.agentplane.console.inbox;

import dev.agentplane.console.web.Redirect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.console.api.Api;
import dev.agentplane.console.api.ApiProblem;
import dev.agentplane.console.session.Session;
import dev.agentplane.console.web.Json;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbox: every pending action of the workspace (client tools waiting for a result, tool calls waiting for an
 * approval), and the one place their answers are posted from — the inbox, a run's page and the chat.
 */
@Path("/console/inbox")
public class InboxResource {
    private static final List<String> WAITING = List.of("awaiting_approval", "awaiting_client_tool");
    private static final int MAX_RUNS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final Template inbox;
    private final Template actionsFragment;

    public InboxResource(Api api, @Location("inbox/inbox.html") Template inbox,
                         @Location("inbox/actions.html") Template actionsFragment) {
        this.api = api;
        this.inbox = inbox;
        this.actionsFragment = actionsFragment;
    }

    /** One waiting run and its actions. */
    public record Waiting(Object run, String id, List<Object> actions) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance inbox(@CookieParam(Session.COOKIE) String cookie) {
        Session s = Session.of(cookie);
        List<Waiting> waiting = new ArrayList<>();
        for (String status : WAITING) {
            JsonNode runs;
            try {
                runs = api.get(s.token(), "/v1/executions", Map.of("status", status, "limit", String.valueOf(MAX_RUNS)));
            } catch (ApiProblem p) {
                if (p.status() == 400) {
                    continue; // a platform without approvals does not know the status
                }
                throw p;
            }
            for (JsonNode run : runs.path("items")) {
                String id = run.path("execution_id").asText();
                try {
                    JsonNode actions = api.get(s.token(), "/v1/executions/" + Api.seg(id) + "/pending-actions").path("items");
                    if (!actions.isEmpty()) {
                        waiting.add(new Waiting(Json.plain(run), id, PendingActions.view(actions)));
                    }
                } catch (ApiProblem p) {
                    if (p.status() != 404 && p.status() != 409) {
                        throw p;
                    }
                }
            }
        }
        return inbox.data("session", s).data("waiting", waiting);
    }

    /** A run's pending actions as answer forms (an HTML fragment the chat puts in place when a run suspends). */
    @GET
    @Path("/{id}/pending")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance pending(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        JsonNode actions = api.get(s.token(), "/v1/executions/" + Api.seg(id) + "/pending-actions").path("items");
        return actionsFragment.data("actions", PendingActions.view(actions)).data("run", id).data("returnTo", "/console/runs/" + id);
    }

    /**
     * An answer to one pending action. A form post goes back to where it came from; the chat's fetch
     * ({@code X-Console-Fetch}) gets JSON and then follows the run's events itself.
     */
    @POST
    @Path("/{id}/answer")
    public Response answer(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                           @FormParam("kind") String kind, @FormParam("tool_call_id") String toolCallId,
                           @FormParam("decision") String decision, @FormParam("result") String result,
                           @FormParam("tool_args") String toolArgs, @FormParam("return_to") String returnTo,
                           @HeaderParam("X-Console-Fetch") String fetch) {
        Session s = Session.of(cookie);
        boolean confirm = !"reject".equals(decision);
        if (toolCallId == null || toolCallId.isBlank() || toolCallId.length() > 255) {
            return refuse(fetch, 400, "Bad answer", "The form names no tool call.");
        }
        JsonNode answer;
        try {
            if ("approval".equals(kind)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("tool_call_id", toolCallId);
                d.put("confirmed", confirm);
                if (confirm && toolArgs != null && !toolArgs.isBlank()) {
                    JsonNode args = parse(toolArgs);
                    if (args == null || !args.isObject()) {
                        return refuse(fetch, 400, "Arguments are not a JSON object", "Edit the arguments as a JSON object, or reject the call.");
                    }
                    d.put("tool_args", args);
                }
                answer = api.postJson(s.token(), "/v1/executions/" + Api.seg(id) + "/approval", Map.of("decisions", List.of(d)));
            } else {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("tool_call_id", toolCallId);
                r.put("outcome", confirm ? "success" : "error");
                if (confirm) {
                    JsonNode parsed = result == null || result.isBlank() ? null : parse(result);
                    r.put("result", parsed != null ? parsed : result == null ? "" : result);
                } else {
                    r.put("result", "The user rejected this call.");
                }
                answer = api.postJson(s.token(), "/v1/executions/" + Api.seg(id) + "/tool-result", r);
            }
        } catch (ApiProblem p) {
            if (fetch == null || p.status() == 401) {
                throw p;
            }
            return Response.status(p.status()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("title", p.title(), "detail", p.detail(), "code", p.code())).build();
        }
        if (fetch != null) {
            return Response.ok(Map.of("status", answer.path("status").asText("")), MediaType.APPLICATION_JSON).build();
        }
        return Redirect.to(safeReturn(returnTo)).build();
    }

    private static Response refuse(String fetch, int status, String title, String detail) {
        if (fetch == null) {
            throw new ApiProblem(status, JSON.createObjectNode().put("title", title).put("detail", detail));
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("title", title, "detail", detail)).build();
    }

    /** Only a console path: an answer never redirects off the console (no open redirect). */
    static String safeReturn(String to) {
        return to != null && to.startsWith("/console/") && !to.contains("//") && !to.contains("\\") && to.length() < 300
                && to.matches("[A-Za-z0-9/_\\-.?=&%]+") ? to : "/console/inbox";
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
