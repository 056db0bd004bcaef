package dev.agentplane.sessions.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.message.MessageService;
import dev.agentplane.sessions.message.MessageView;
import dev.agentplane.sessions.session.SessionFilter;
import dev.agentplane.sessions.session.SessionService;
import dev.agentplane.sessions.session.SessionView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeds 000/001's session routes (base {@code /api/v1}, trailing slash optional): sessions from an
 * inline config, a YAML body or a saved agent ({@code agent_id}), plain-array lists, history and
 * status in epoch seconds; every route calls the canonical session services. Errors stay
 * problem+json ({@code detail} carries the message; statuses are those of seed 001's table).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
public class AmasSessionResource {
    /** Seed 001's clients iterate one plain array: at most this many sessions (newest first) or messages. */
    static final int LIST_CAP = 1000;
    private static final int PAGE = 100;
    private static final YAMLMapper YAML = new YAMLMapper();

    @Inject
    SessionService sessions;
    @Inject
    MessageService messages;

    @POST
    @Path("/sessions{slash:/?}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        return Response.status(201).entity(AmasViews.Session.of(sessions.create(body))).build();
    }

    @POST
    @Path("/sessions{slash:/?}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml"})
    public Response createFromYaml(String yaml) {
        JsonNode body;
        try {
            body = YAML.readTree(yaml);
        } catch (Exception e) {
            throw ApiException.invalid("body", "The body is not valid YAML.");
        }
        return create(body);
    }

    @GET
    @Path("/sessions{slash:/?}")
    public List<AmasViews.Session> list() {
        List<AmasViews.Session> all = new ArrayList<>();
        for (int page = 1; all.size() < LIST_CAP; page++) {
            Page<SessionView> found = sessions.list(PageRequest.of(page, PAGE, "created_at", "desc",
                    List.of("created_at", "updated_at")), new SessionFilter(null, null, null, null, null, null));
            found.items().forEach(s -> all.add(AmasViews.Session.of(s)));
            if (!found.pagination().hasMore()) {
                break;
            }
        }
        return all;
    }

    @GET
    @Path("/sessions/{id}{slash:/?}")
    public AmasViews.Session get(@PathParam("id") String id) {
        return AmasViews.Session.of(sessions.get(id));
    }

    @DELETE
    @Path("/sessions/{id}{slash:/?}")
    public Response delete(@PathParam("id") String id) {
        sessions.delete(id);
        return Response.noContent().build();
    }

    /** The session's whole history, oldest first, as one plain array (seed 001's {@code get_history}). */
    @GET
    @Path("/runtime/{id}/messages{slash:/?}")
    public List<AmasViews.Message> messages(@PathParam("id") String id) {
        List<AmasViews.Message> all = new ArrayList<>();
        String cursor = null;
        do {
            MessageView.MessagePage page = messages.list(id, cursor, PAGE, "asc");
            page.items().forEach(m -> all.add(AmasViews.Message.of(m)));
            cursor = page.hasMore() ? page.nextCursor() : null;
        } while (cursor != null && all.size() < LIST_CAP);
        return all;
    }

    @GET
    @Path("/runtime/{id}/status{slash:/?}")
    public AmasViews.Status status(@PathParam("id") String id) {
        return AmasViews.Status.of(sessions.status(id));
    }
}
