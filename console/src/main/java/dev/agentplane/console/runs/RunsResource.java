package dev.agentplane.console.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.console.api.Api;
import dev.agentplane.console.api.ApiProblem;
import dev.agentplane.console.session.Session;
import dev.agentplane.console.web.Json;
import dev.agentplane.console.web.SseRelay;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs: the executions list with filters, one run's timeline (steps, path, events, credits) and its event stream. */
@Path("/console/runs")
public class RunsResource {
    /** Statuses whose event stream has ended (a suspended run's ends at {@code suspended}): safe to read whole. */
    private static final Set<String> STREAM_ENDED = Set.of("completed", "failed", "cancelled", "awaiting_client_tool", "awaiting_approval");
    private static final List<String> STATUSES = List.of("pending", "in_progress", "awaiting_client_tool",
            "awaiting_approval", "completed", "failed", "cancelled");
    private static final int MAX_EVENTS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "console-stream-guard");
                t.setDaemon(true);
                return t;
            });

    private final Api api;
    private final Template list;
    private final Template show;

    public RunsResource(Api api, @Location("runs/list.html") Template list, @Location("runs/show.html") Template show) {
        this.api = api;
        this.list = list;
        this.show = show;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@CookieParam(Session.COOKIE) String cookie, @QueryParam("status") String status,
                                 @QueryParam("agent_id") String agent, @QueryParam("session_id") String session,
                                 @QueryParam("page") Integer page) {
        Session s = Session.of(cookie);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", cut(status));
        query.put("agent_id", cut(agent));
        query.put("session_id", cut(session));
        query.put("page", String.valueOf(page == null ? 1 : Math.max(1, page)));
        query.put("limit", "50");
        query.put("order", "desc");
        JsonNode runs = api.get(s.token(), "/v1/executions", query);
        int p = page == null ? 1 : Math.max(1, page);
        return list.data("session", s).data("runs", Json.plain(runs.path("items")))
                .data("status", status == null ? "" : status).data("agent_id", agent == null ? "" : agent)
                .data("statuses", STATUSES).data("page", p).data("hasMore", runs.path("items").size() >= 50);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        JsonNode run = api.get(s.token(), "/v1/executions/" + Api.seg(id));
        String status = run.path("status").asText();
        List<Object> events = STREAM_ENDED.contains(status)
                ? events(s, id, !status.startsWith("awaiting")) : List.of();
        Object credits = List.of();
        try {
            credits = Json.plain(api.get(s.token(), "/v1/credits/ledger", Map.of("execution_id", run.path("execution_id").asText(id)))
                    .path("items"));
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
        }
        JsonNode pending = STREAM_ENDED.contains(status) && status.startsWith("awaiting")
                ? api.get(s.token(), "/v1/executions/" + Api.seg(id) + "/pending-actions").path("items") : null;
        return show.data("session", s).data("run", Json.plain(run)).data("id", run.path("execution_id").asText(id))
                .data("events", events).data("eventsRead", STREAM_ENDED.contains(status)).data("credits", credits)
                .data("pending", pending == null ? List.of() : dev.agentplane.console.inbox.PendingActions.view(pending))
                .data("output", run.path("output").path("text").asText(""))
                .data("live", !STREAM_ENDED.contains(status)).data("returnTo", "/console/runs/" + run.path("execution_id").asText(id));
    }

    /** The run's event stream (replay, then follow), for the run page's live view and the chat. */
    @GET
    @Path("/{id}/events")
    @Produces("text/event-stream")
    public Response events(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                           @HeaderParam("Last-Event-ID") String lastEventId) {
        Session s = Session.of(cookie);
        String after = lastEventId != null && lastEventId.matches("\\d{1,18}") ? "?after=" + lastEventId : "";
        return SseRelay.relay(api.getStream(s.token(), "/v1/executions/" + Api.seg(id) + "/events" + after), null);
    }

    /** The run's events from its replay; a finished run that was suspended is read on past each suspension. */
    private List<Object> events(Session s, String id, boolean finished) {
        List<Object> out = new ArrayList<>();
        String after = "";
        for (int round = 0; round < 20 && out.size() < MAX_EVENTS; round++) {
            String last = read(s, "/v1/executions/" + Api.seg(id) + "/events" + after, out);
            if (!finished || last == null) {
                break;
            }
            after = "?after=" + last;
        }
        return out;
    }

    /** Appends one stream's events; the seq of a closing {@code suspended} event (read on after it), else null. */
    private String read(Session s, String path, List<Object> out) {
        InputStream in = null;
        java.util.concurrent.ScheduledFuture<?> guard = null;
        try {
            InputStream stream = api.getStream(s.token(), path);
            in = stream;
            // a stream that is not over (its replay expired, or a run moved on) must not hold the page: cut at 5 s
            guard = TIMER.schedule(() -> {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }, 5, java.util.concurrent.TimeUnit.SECONDS);
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && out.size() < MAX_EVENTS) {
                if (line.startsWith("data:")) {
                    JsonNode e = JSON.readTree(line.substring(5).trim());
                    String type = e.path("type").asText();
                    if ("heartbeat".equals(type)) {
                        continue;
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode view = (com.fasterxml.jackson.databind.node.ObjectNode) e;
                    if (e.has("arguments")) {
                        view.put("arguments_json", e.get("arguments").toString());
                    }
                    if (e.has("result")) {
                        view.put("result_json", e.get("result").isTextual() ? e.get("result").asText() : e.get("result").toString());
                    }
                    out.add(Json.plain(view));
                    if (type.equals("suspended")) {
                        return e.path("seq").asText(null);
                    }
                    if (type.equals("final") || type.equals("error")) {
                        return null;
                    }
                }
            }
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
        } catch (IOException | ClassCastException e) {
            // the timeline shows what was read
        } finally {
            if (guard != null) {
                guard.cancel(false);
            }
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing to free
                }
            }
        }
        return null;
    }

    private static String cut(String v) {
        return v == null ? null : v.length() > 200 ? v.substring(0, 200) : v;
    }
}
