package dev.agentplane.console.keys;

import dev.agentplane.console.web.Redirect;
import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** API keys: list, create (the secret shown on the answer page only, never in a URL), revoke. */
@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
public class KeysResource {
    private final Api api;
    private final Template keys;

    public KeysResource(Api api, @Location("keys/keys.html") Template keys) {
        this.api = api;
        this.keys = keys;
    }

    @GET
    public TemplateInstance list(@CookieParam(Session.COOKIE) String cookie) {
        Session s = Session.of(cookie);
        return page(s, null, null, null);
    }

    @POST
    public Response create(@CookieParam(Session.COOKIE) String cookie, @FormParam("name") String name,
                           @FormParam("type") String type, @FormParam("allowed_agents") String agents) {
        Session s = Session.of(cookie);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null ? "" : name.trim());
        body.put("type", "execution".equals(type) ? "execution" : "workspace");
        if (agents != null && !agents.isBlank()) {
            body.put("allowed_agents", Arrays.stream(agents.split("[,\\s]+")).filter(a -> !a.isBlank()).limit(100).toList());
        }
        try {
            JsonNode created = api.postJson(s.token(), "/v1/api-keys", body);
            // no-store: the page with the secret must not be kept by the browser or a proxy
            return Response.status(201).header("Cache-Control", "no-store").entity(page(s, Json.plain(created), null, null)).build();
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
            return Response.status(p.status()).entity(page(s, null, p.title() + ": " + p.detail(), p.fieldErrors())).build();
        }
    }

    @POST
    @Path("/{id}/revoke")
    public Response revoke(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        api.delete(s.token(), "/v1/api-keys/" + Api.seg(id));
        return Redirect.to("/console/keys").build();
    }

    private TemplateInstance page(Session s, Object created, String problem, List<String> errors) {
        JsonNode list = api.get(s.token(), "/v1/api-keys", Map.of("limit", "100", "sort", "created_at", "order", "desc"));
        return keys.data("session", s).data("keys", Json.plain(list.path("items"))).data("created", created)
                .data("problem", problem).data("errors", errors == null ? List.of() : errors);
    }
}
