package dev.agentplane.console.chat;

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
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat: pick an agent, talk to it in a session (made on the first message, resumable from the list), tokens
 * streamed as the API sends them (the browser reads this console's relay of {@code /execute/stream}).
 */
@Path("/console/chat")
public class ChatResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 65_536;

    private final Api api;
    private final Template chat;

    public ChatResource(Api api, @Location("chat/chat.html") Template chat) {
        this.api = api;
        this.chat = chat;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@CookieParam(Session.COOKIE) String cookie, @QueryParam("agent") String agent,
                                 @QueryParam("session") String session) {
        Session s = Session.of(cookie);
        JsonNode agents = api.get(s.token(), "/v1/agents", Map.of("limit", "100", "sort", "name", "order", "asc"));
        Object messages = List.of();
        Object sessions = List.of();
        String agentId = agent == null ? "" : agent;
        if (session != null && !session.isBlank()) {
            JsonNode info = api.get(s.token(), "/v1/sessions/" + Api.seg(session));
            agentId = info.path("agent_id").asText(agentId);
            messages = Json.plain(api.get(s.token(), "/v1/sessions/" + Api.seg(session) + "/messages",
                    Map.of("limit", "100", "order", "asc")).path("items"));
        }
        if (!agentId.isBlank()) {
            sessions = Json.plain(api.get(s.token(), "/v1/sessions", Map.of("agent_id", agentId, "limit", "10",
                    "sort", "updated_at", "order", "desc")).path("items"));
        }
        return chat.data("session", s).data("agents", Json.plain(agents.path("items"))).data("agent", agentId)
                .data("sessionId", session == null ? "" : session).data("messages", messages).data("sessions", sessions);
    }

    /** One turn: the run's event stream, after a {@code console_session} event naming the session it runs in. */
    @POST
    @Path("/send")
    @Produces("text/event-stream")
    public Response send(@CookieParam(Session.COOKIE) String cookie, @FormParam("agent") String agent,
                         @FormParam("session") String sessionId, @FormParam("message") String message,
                         @FormParam("client_tools") String clientTools) {
        Session s = Session.of(cookie);
        if (message == null || message.isBlank() || message.length() > MAX_MESSAGE) {
            return error(400, "Write a message (at most 65,536 characters).");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (clientTools != null && !clientTools.isBlank()) {
            try {
                JsonNode tools = JSON.readTree(clientTools);
                if (!tools.isArray()) {
                    return error(400, "Client tools must be a JSON array of tool definitions.");
                }
                body.put("client_tools", tools);
            } catch (IOException e) {
                return error(400, "Client tools are not valid JSON.");
            }
        }
        try {
            String sid = sessionId;
            if (sid == null || sid.isBlank()) {
                if (agent == null || agent.isBlank()) {
                    return error(400, "Pick an agent.");
                }
                sid = api.postJson(s.token(), "/v1/sessions", Map.of("agent_id", agent)).path("id").asText();
            }
            String prelude = SseRelay.event(JSON.writeValueAsString(Map.of("type", "console_session", "session_id", sid)));
            return SseRelay.relay(api.postStream(s.token(), "/v1/sessions/" + Api.seg(sid) + "/execute/stream", body), prelude);
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
            return Response.status(p.status()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("title", p.title(), "detail", p.detail(), "code", p.code())).build();
        } catch (IOException e) {
            return error(500, "The answer could not be written.");
        }
    }

    private static Response error(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("title", "Not sent", "detail", detail)).build();
    }
}
