package dev.agentplane.console.knowledge;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knowledge bases ({@code /v1/knowledge-bases}): list and create; one base with its documents and their ingestion
 * status, a document added from text typed in, documents and the base deleted, and a test query (the API's
 * {@code POST …/search}) with the chunks it finds. Another workspace's id is the API's 404 → the not-found page.
 */
@Path("/console/knowledge-bases")
@Produces(MediaType.TEXT_HTML)
public class KnowledgeBasesResource {
    private static final List<String> MODES = List.of("vector", "keyword", "hybrid");

    private final Api api;
    private final Template list;
    private final Template show;

    public KnowledgeBasesResource(Api api, @Location("knowledge/list.html") Template list,
                                  @Location("knowledge/show.html") Template show) {
        this.api = api;
        this.list = list;
        this.show = show;
    }

    @GET
    public TemplateInstance list(@CookieParam(Session.COOKIE) String cookie) {
        return listPage(Session.of(cookie), null, List.of());
    }

    @POST
    public Response create(@CookieParam(Session.COOKIE) String cookie, @FormParam("name") String name,
                           @FormParam("description") String description) {
        Session s = Session.of(cookie);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null ? "" : name.trim());
        if (description != null && !description.isBlank()) {
            body.put("description", description.trim());
        }
        try {
            JsonNode created = api.postJson(s.token(), "/v1/knowledge-bases", body);
            return Redirect.to("/console/knowledge-bases/" + Api.seg(created.path("id").asText())).build();
        } catch (ApiProblem p) {
            rethrowIfNotForm(p);
            return Response.status(p.status()).entity(listPage(s, p.title() + ": " + p.detail(), p.fieldErrors())).build();
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        return showPage(Session.of(cookie), id, null, null, null);
    }

    @POST
    @Path("/{id}/documents")
    public Response addDocument(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                                @FormParam("title") String title, @FormParam("text") String text) {
        Session s = Session.of(cookie);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text == null ? "" : text);
        if (title != null && !title.isBlank()) {
            body.put("title", title.trim());
        }
        try {
            api.postJson(s.token(), "/v1/knowledge-bases/" + Api.seg(id) + "/documents", body);
            return Redirect.to("/console/knowledge-bases/" + Api.seg(id)).build();
        } catch (ApiProblem p) {
            rethrowIfNotForm(p);
            return Response.status(p.status()).entity(showPage(s, id, problem(p), null, null)).build();
        }
    }

    @POST
    @Path("/{id}/documents/{doc}/delete")
    public Response deleteDocument(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                                   @PathParam("doc") String doc) {
        Session s = Session.of(cookie);
        api.delete(s.token(), "/v1/knowledge-bases/" + Api.seg(id) + "/documents/" + Api.seg(doc));
        return Redirect.to("/console/knowledge-bases/" + Api.seg(id)).build();
    }

    @POST
    @Path("/{id}/delete")
    public Response delete(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        api.delete(s.token(), "/v1/knowledge-bases/" + Api.seg(id));
        return Redirect.to("/console/knowledge-bases").build();
    }

    /** The test query: answered on the base's page, the form kept as typed. */
    @POST
    @Path("/{id}/search")
    public Response search(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                           @FormParam("query") String query, @FormParam("mode") String mode,
                           @FormParam("top_k") Integer topK) {
        Session s = Session.of(cookie);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query == null ? "" : query);
        body.put("mode", mode != null && MODES.contains(mode) ? mode : "vector");
        body.put("top_k", topK == null ? 5 : topK);
        Query asked = new Query(query == null ? "" : query, (String) body.get("mode"), (Integer) body.get("top_k"));
        try {
            JsonNode found = api.postJson(s.token(), "/v1/knowledge-bases/" + Api.seg(id) + "/search", body);
            return Response.ok(showPage(s, id, null, Json.plain(found), asked)).build();
        } catch (ApiProblem p) {
            rethrowIfNotForm(p);
            return Response.status(p.status()).entity(showPage(s, id, problem(p), null, asked)).build();
        }
    }

    /** What the test-query form was sent with, to show it again with the results. */
    public record Query(String text, String mode, int topK) {
    }

    private static String problem(ApiProblem p) {
        List<String> fields = p.fieldErrors();
        return p.title() + ": " + p.detail() + (fields.isEmpty() ? "" : " (" + String.join("; ", fields) + ")");
    }

    /** 401 (sign in again) and 404 (not found page) are the error mapper's; other problems are shown on the form. */
    private static void rethrowIfNotForm(ApiProblem p) {
        if (p.status() == 401 || p.status() == 404) {
            throw p;
        }
    }

    private TemplateInstance listPage(Session s, String problem, List<String> errors) {
        JsonNode bases = api.get(s.token(), "/v1/knowledge-bases", Map.of("limit", "100", "order", "desc"));
        return list.data("session", s).data("bases", Json.plain(bases.path("items"))).data("problem", problem)
                .data("errors", errors);
    }

    private TemplateInstance showPage(Session s, String id, String problem, Object results, Query asked) {
        JsonNode kb = api.get(s.token(), "/v1/knowledge-bases/" + Api.seg(id));
        JsonNode docs = api.get(s.token(), "/v1/knowledge-bases/" + Api.seg(id) + "/documents",
                Map.of("limit", "100", "order", "desc"));
        boolean ingesting = false;
        for (JsonNode d : docs.path("items")) {
            ingesting |= List.of("pending", "processing").contains(d.path("status").asText());
        }
        return show.data("session", s).data("kb", Json.plain(kb)).data("documents", Json.plain(docs.path("items")))
                .data("ingesting", ingesting).data("problem", problem).data("results", results)
                .data("asked", asked == null ? new Query("", "vector", 5) : asked).data("modes", MODES);
    }
}
