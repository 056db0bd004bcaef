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
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

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
    private static final int MAX_ATTACHMENTS = 10;

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
                         @FormParam("client_tools") String clientTools,
                         @FormParam("attachment") List<String> attachments) {
        Session s = Session.of(cookie);
        if (message == null || message.isBlank() || message.length() > MAX_MESSAGE) {
            return error(400, "Write a message (at most 65,536 characters).");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (attachments != null && !attachments.isEmpty()) {
            if (attachments.size() > MAX_ATTACHMENTS) {
                return error(400, "Attach at most " + MAX_ATTACHMENTS + " files to one message.");
            }
            // the API checks each key belongs to the workspace (another's is a 400 naming the field)
            body.put("attachments", attachments.stream().map(k -> Map.of("storage_key", k)).toList());
        }
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

    /**
     * A file dropped on (or picked in) the chat: uploaded to {@code POST /v1/attachments}; the script keeps the
     * storage key it answers and sends it with the next message. JSON for the script, problem in words on failure.
     */
    @POST
    @Path("/attachments")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response attach(@CookieParam(Session.COOKIE) String cookie, @RestForm("file") FileUpload file) {
        Session s = Session.of(cookie);
        if (file == null || file.uploadedFile() == null) {
            return error(400, "Choose a file to attach.");
        }
        String type = file.contentType() == null || file.contentType().isBlank() ? "application/octet-stream" : file.contentType();
        String name = file.fileName() == null || file.fileName().isBlank() ? "file" : file.fileName();
        try {
            JsonNode uploaded = api.postFile(s.token(), "/v1/attachments", name, type, file.uploadedFile());
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(Map.of(
                    "storage_key", uploaded.path("storage_key").asText(), "filename", uploaded.path("filename").asText(name),
                    "size", uploaded.path("size").asLong())).build();
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
            return Response.status(p.status()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("title", p.title(), "detail", p.detail(), "code", p.code())).build();
        }
    }

    private static Response error(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("title", "Not sent", "detail", detail)).build();
    }
}
