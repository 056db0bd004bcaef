package dev.agentplane.console.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.console.api.Api;
import dev.agentplane.console.api.ApiProblem;
import dev.agentplane.console.session.Session;
import dev.agentplane.console.web.Json;
import dev.agentplane.console.web.Redirect;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhooks ({@code /v1/webhooks}): subscriptions listed and created (the secret shown on the answer page only, like
 * a key's), one subscription with its delivery log, enable/disable, rotate the secret, a test delivery, redeliver,
 * delete. Another workspace's id is the API's 404 → the not-found page.
 */
@Path("/console/webhooks")
@Produces(MediaType.TEXT_HTML)
public class WebhooksResource {
    /** The event types a subscription may name (the API checks them too; this is the form's list). */
    static final List<String> EVENTS = List.of("*", "agent.executed", "execution.failed", "execution.awaiting_action",
            "agent.created", "agent.updated", "agent.deleted", "agent.graduated", "credits.low");
    private static final List<String> STATUSES = List.of("pending", "delivering", "delivered", "failed");

    private final Api api;
    private final Template list;
    private final Template show;

    public WebhooksResource(Api api, @Location("webhooks/list.html") Template list,
                            @Location("webhooks/show.html") Template show) {
        this.api = api;
        this.list = list;
        this.show = show;
    }

    @GET
    public TemplateInstance list(@CookieParam(Session.COOKIE) String cookie) {
        return listPage(Session.of(cookie), null, null, List.of());
    }

    @POST
    public Response create(@CookieParam(Session.COOKIE) String cookie, @FormParam("url") String url,
                           @FormParam("events") List<String> events, @FormParam("description") String description) {
        Session s = Session.of(cookie);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url == null ? "" : url.trim());
        body.put("events", events == null ? List.of() : events.stream().limit(20).toList());
        if (description != null && !description.isBlank()) {
            body.put("description", description.trim());
        }
        try {
            JsonNode created = api.postJson(s.token(), "/v1/webhooks", body);
            // no-store: the page with the secret must not be kept by the browser or a proxy
            return Response.status(201).header("Cache-Control", "no-store")
                    .entity(listPage(s, Json.plain(created), null, List.of())).build();
        } catch (ApiProblem p) {
            rethrowIfNotForm(p);
            return Response.status(p.status()).entity(listPage(s, null, p.title() + ": " + p.detail(), p.fieldErrors())).build();
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                                 @QueryParam("status") String status, @QueryParam("sent") String sent) {
        String notice = "test".equals(sent) ? "A test delivery was queued; it shows in the log below."
                : "redeliver".equals(sent) ? "The delivery was queued again." : null;
        return showPage(Session.of(cookie), id, status, null, null).data("notice", notice);
    }

    @POST
    @Path("/{id}/enable")
    public Response enable(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        return toggle(cookie, id, true);
    }

    @POST
    @Path("/{id}/disable")
    public Response disable(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        return toggle(cookie, id, false);
    }

    @POST
    @Path("/{id}/rotate-secret")
    public Response rotate(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        JsonNode rotated = api.postJson(s.token(), "/v1/webhooks/" + Api.seg(id) + "/rotate-secret", Map.of());
        return Response.ok(showPage(s, id, null, Json.plain(rotated), null)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{id}/test")
    public Response test(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        try {
            api.postJson(s.token(), "/v1/webhooks/" + Api.seg(id) + "/test", Map.of());
            return Redirect.to("/console/webhooks/" + Api.seg(id) + "?sent=test").build();
        } catch (ApiProblem p) {
            rethrowIfNotForm(p);
            return Response.status(p.status()).entity(showPage(s, id, null, null, p.title() + ": " + p.detail())).build();
        }
    }

    @POST
    @Path("/{id}/deliveries/{delivery}/redeliver")
    public Response redeliver(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                              @PathParam("delivery") String delivery) {
        Session s = Session.of(cookie);
        try {
            api.postJson(s.token(), "/v1/webhooks/" + Api.seg(id) + "/deliveries/" + Api.seg(delivery) + "/redeliver", Map.of());
            return Redirect.to("/console/webhooks/" + Api.seg(id) + "?sent=redeliver").build();
        } catch (ApiProblem p) {
            rethrowIfNotForm(p);
            return Response.status(p.status()).entity(showPage(s, id, null, null, p.title() + ": " + p.detail())).build();
        }
    }

    @POST
    @Path("/{id}/delete")
    public Response delete(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        api.delete(s.token(), "/v1/webhooks/" + Api.seg(id));
        return Redirect.to("/console/webhooks").build();
    }

    private Response toggle(String cookie, String id, boolean enabled) {
        Session s = Session.of(cookie);
        api.patch(s.token(), "/v1/webhooks/" + Api.seg(id), Map.of("enabled", enabled), MediaType.APPLICATION_JSON);
        return Redirect.to("/console/webhooks/" + Api.seg(id)).build();
    }

    /** 401 (sign in again) and 404 (not found page) are the error mapper's; other problems are shown on the form. */
    private static void rethrowIfNotForm(ApiProblem p) {
        if (p.status() == 401 || p.status() == 404) {
            throw p;
        }
    }

    private TemplateInstance listPage(Session s, Object created, String problem, List<String> errors) {
        JsonNode hooks = api.get(s.token(), "/v1/webhooks", Map.of("limit", "100", "order", "desc"));
        return list.data("session", s).data("webhooks", Json.plain(hooks.path("items"))).data("created", created)
                .data("events", EVENTS).data("problem", problem).data("errors", errors);
    }

    private TemplateInstance showPage(Session s, String id, String status, Object rotated, String problem) {
        JsonNode hook = api.get(s.token(), "/v1/webhooks/" + Api.seg(id));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", "50");
        query.put("order", "desc");
        boolean known = status != null && STATUSES.contains(status); // List.of(...).contains(null) throws
        query.put("status", known ? status : null);
        JsonNode deliveries = api.get(s.token(), "/v1/webhooks/" + Api.seg(id) + "/deliveries", query);
        return show.data("session", s).data("hook", Json.plain(hook)).data("deliveries", Json.plain(deliveries.path("items")))
                .data("statuses", STATUSES).data("status", known ? status : "")
                .data("rotated", rotated).data("problem", problem);
    }
}
