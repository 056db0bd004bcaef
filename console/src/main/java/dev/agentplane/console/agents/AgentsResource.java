package dev.agentplane.console.agents;

import dev.agentplane.console.web.Redirect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Agents: list with filters, one agent (its workflow drawn), create and edit as YAML with the validator's errors at their line. */
@Path("/console/agents")
@Produces(MediaType.TEXT_HTML)
public class AgentsResource {
    static final int MAX_YAML = 256 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
    /** Members the API sets and a patch may not carry. */
    private static final List<String> READ_ONLY = List.of("id", "role", "maturity_level", "version", "created_at",
            "updated_at", "status", "workspace_id", "tenant_id");
    static final String SAMPLE = """
            id: my-assistant
            name: My assistant
            description: Answers questions about our product.
            system_prompt: You are a concise, friendly assistant.
            llm_config:
              provider: openai
              model: sim-1
              max_tokens: 400
            """;

    private final Api api;
    private final Template list;
    private final Template editor;
    private final Template show;
    private final Template diff;

    public AgentsResource(Api api, @Location("agents/list.html") Template list,
                          @Location("agents/editor.html") Template editor, @Location("agents/show.html") Template show,
                          @Location("agents/diff.html") Template diff) {
        this.api = api;
        this.list = list;
        this.editor = editor;
        this.show = show;
        this.diff = diff;
    }

    @GET
    public TemplateInstance list(@CookieParam(Session.COOKIE) String cookie, @QueryParam("q") String q,
                                 @QueryParam("role") String role, @QueryParam("status") String status,
                                 @QueryParam("page") Integer page) {
        Session s = Session.of(cookie);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", limit(q));
        query.put("role", limit(role));
        query.put("status", limit(status));
        query.put("page", page == null ? null : String.valueOf(Math.max(1, page)));
        query.put("limit", "50");
        JsonNode agents = api.get(s.token(), "/v1/agents", query);
        return list.data("session", s).data("agents", Json.plain(agents.path("items")))
                .data("pagination", Json.plain(agents.path("pagination")))
                .data("q", q == null ? "" : q).data("role", role == null ? "" : role).data("status", status == null ? "" : status);
    }

    @GET
    @Path("/new")
    public TemplateInstance newAgent(@CookieParam(Session.COOKIE) String cookie) {
        return editorPage(Session.of(cookie), null, SAMPLE, List.of(), null, null);
    }

    @POST
    @Path("/new")
    public Response create(@CookieParam(Session.COOKIE) String cookie, @FormParam("yaml") String yaml,
                           @FormParam("action") String action) {
        Session s = Session.of(cookie);
        yaml = yaml == null ? "" : yaml;
        Response refused = check(s, null, yaml, "validate".equals(action));
        if (refused != null) {
            return refused;
        }
        try {
            JsonNode created = api.postYaml(s.token(), "/v1/agents", yaml);
            return Redirect.to("/console/agents/" + Api.seg(created.path("id").asText())).build();
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
            return Response.status(p.status()).entity(editorPage(s, null, yaml, p.fieldErrors().stream()
                    .map(m -> new LineError(1, "", m)).toList(), p.title() + ": " + p.detail(), null)).build();
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        JsonNode agent = api.get(s.token(), "/v1/agents/" + Api.seg(id));
        JsonNode versions = api.get(s.token(), "/v1/agents/" + Api.seg(id) + "/versions", Map.of("limit", "50"));
        return show.data("session", s).data("agent", Json.plain(agent)).data("svg", WorkflowSvg.draw(agent.path("system_config")))
                .data("versions", Json.plain(versions.path("items"))).data("yaml", toYaml(agent, false));
    }

    /** Two versions side by side as one line diff of their YAML ({@code GET /v1/agents/{id}/versions/{v}} each). */
    @GET
    @Path("/{id}/diff")
    public TemplateInstance diff(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                                 @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        Session s = Session.of(cookie);
        JsonNode agent = api.get(s.token(), "/v1/agents/" + Api.seg(id));
        JsonNode versions = api.get(s.token(), "/v1/agents/" + Api.seg(id) + "/versions", Map.of("limit", "50"));
        int latest = agent.path("version").asInt(1);
        int newer = to == null || to < 1 ? latest : to;
        int older = from == null || from < 1 ? Math.max(1, newer - 1) : from;
        String base = "/v1/agents/" + Api.seg(id) + "/versions/";
        String olderYaml = versionYaml(api.get(s.token(), base + older));
        String newerYaml = versionYaml(api.get(s.token(), base + newer));
        List<LineDiff.Line> lines;
        try {
            lines = LineDiff.of(olderYaml, newerYaml);
        } catch (IllegalArgumentException e) {
            lines = List.of(new LineDiff.Line("same", "(too long to compare here: " + e.getMessage() + ")"));
        }
        return diff.data("session", s).data("agent", Json.plain(agent)).data("versions", Json.plain(versions.path("items")))
                .data("from", older).data("to", newer).data("lines", lines).data("changed", LineDiff.changed(lines));
    }

    @GET
    @Path("/{id}/edit")
    public TemplateInstance edit(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id) {
        Session s = Session.of(cookie);
        JsonNode agent = api.get(s.token(), "/v1/agents/" + Api.seg(id));
        return editorPage(s, agent.path("id").asText(), toYaml(agent, true), List.of(), null, null);
    }

    @POST
    @Path("/{id}/edit")
    public Response update(@CookieParam(Session.COOKIE) String cookie, @PathParam("id") String id,
                           @FormParam("yaml") String yaml, @FormParam("action") String action) {
        Session s = Session.of(cookie);
        yaml = yaml == null ? "" : yaml;
        JsonNode current = api.get(s.token(), "/v1/agents/" + Api.seg(id));
        Response refused = check(s, id, yaml, "validate".equals(action));
        if (refused != null) {
            return refused;
        }
        try {
            JsonNode patch = YAML.readTree(yaml);
            if (!(patch instanceof ObjectNode object)) {
                return Response.status(400).entity(editorPage(s, id, yaml, List.of(), "The YAML must be a mapping of the agent's members.", null)).build();
            }
            object.remove(READ_ONLY);
            api.patchJson(s.token(), "/v1/agents/" + Api.seg(current.path("id").asText()), object);
            return Redirect.to("/console/agents/" + Api.seg(id)).build();
        } catch (IOException e) {
            return Response.status(400).entity(editorPage(s, id, yaml, List.of(), "The YAML does not parse.", null)).build();
        } catch (ApiProblem p) {
            if (p.status() == 401 || p.status() == 404) {
                throw p;
            }
            return Response.status(p.status()).entity(editorPage(s, id, yaml, p.fieldErrors().stream()
                    .map(m -> new LineError(1, "", m)).toList(), p.title() + ": " + p.detail(), null)).build();
        }
    }

    /** The validator's verdict: a page with the errors at their lines, or null when the YAML is valid and should be saved. */
    private Response check(Session s, String id, String yaml, boolean validateOnly) {
        if (yaml.isBlank() || yaml.length() > MAX_YAML) {
            return Response.status(400).entity(editorPage(s, id, yaml, List.of(),
                    yaml.isBlank() ? "The YAML is empty." : "The YAML is longer than 256 KiB.", null)).build();
        }
        OptionalInt syntax = YamlLines.syntaxErrorLine(yaml);
        JsonNode verdict;
        try {
            String body = yaml;
            if (id != null) {
                // an edit validates the agent as it will be: its id and role with the edited members
                ObjectNode doc = (ObjectNode) YAML.readTree(yaml);
                doc.remove(READ_ONLY);
                body = YAML.writeValueAsString(doc);
            }
            verdict = api.postYaml(s.token(), "/v1/agents/validate", body);
        } catch (ApiProblem p) {
            if (p.status() == 401) {
                throw p;
            }
            List<LineError> errors = new ArrayList<>();
            errors.add(new LineError(syntax.orElse(1), "", p.detail()));
            return Response.status(p.status()).entity(editorPage(s, id, yaml, errors, p.title(), null)).build();
        } catch (IOException | ClassCastException e) {
            return Response.status(400).entity(editorPage(s, id, yaml,
                    List.of(new LineError(syntax.orElse(1), "", "The YAML does not parse as a mapping.")), "Malformed YAML", null)).build();
        }
        if (!verdict.path("valid").asBoolean()) {
            List<LineError> errors = new ArrayList<>();
            for (JsonNode e : verdict.path("errors")) {
                String pointer = e.path("pointer").asText("");
                errors.add(new LineError(YamlLines.lineOf(yaml, pointer), pointer,
                        e.path("code").asText("") + ": " + e.path("message").asText("")));
            }
            errors.sort(java.util.Comparator.comparingInt(LineError::line));
            return Response.status(422).entity(editorPage(s, id, yaml, errors, "The validator found "
                    + errors.size() + (errors.size() == 1 ? " error." : " errors."), null)).build();
        }
        if (validateOnly) {
            return Response.ok(editorPage(s, id, yaml, List.of(), null, "Valid: the validator found no error.")).build();
        }
        return null;
    }

    /** One validator error at its line of the YAML. */
    public record LineError(int line, String pointer, String message) {
    }

    /** One line of the YAML as the editor's numbered view shows it. */
    public record Line(int number, String text, List<String> errors) {
        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    private TemplateInstance editorPage(Session s, String id, String yaml, List<LineError> errors, String problem, String notice) {
        List<Line> lines = new ArrayList<>();
        String[] raw = yaml.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            int n = i + 1;
            lines.add(new Line(n, raw[i], errors.stream().filter(e -> e.line() == n).map(LineError::message).toList()));
        }
        return editor.data("session", s).data("id", id).data("yaml", yaml).data("errors", errors)
                .data("lines", errors.isEmpty() ? List.of() : lines).data("problem", problem).data("notice", notice);
    }

    static String toYaml(JsonNode agent, boolean forEdit) {
        ObjectNode copy = agent.deepCopy();
        if (forEdit) {
            copy.remove(READ_ONLY);
        }
        try {
            return YAML.writeValueAsString(copy);
        } catch (IOException e) {
            return agent.toString();
        }
    }

    /** A version as YAML without what differs between any two versions anyway (its number and times). */
    static String versionYaml(JsonNode version) {
        ObjectNode copy = version.deepCopy();
        copy.remove(List.of("version", "created_at", "updated_at"));
        try {
            return YAML.writeValueAsString(copy);
        } catch (IOException e) {
            return copy.toString();
        }
    }

    private static String limit(String v) {
        return v == null ? null : v.length() > 200 ? v.substring(0, 200) : v;
    }
}
