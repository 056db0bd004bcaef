package dev.agentplane.sessions.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.kit.json.TextRules;
import dev.agentplane.sessions.message.MessageService;
import dev.agentplane.sessions.message.MessageView;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Sessions: create from an agent, an inline config or YAML; list, read, change, delete. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
public class SessionResource {
    // a repeated key is a mistake, as in JSON bodies (the kit's RequestJson)
    private static final YAMLMapper YAML = (YAMLMapper) new YAMLMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Inject
    SessionService service;
    @Inject
    MessageService messages;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        return Response.status(201).entity(service.create(body)).build();
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml"})
    public Response createFromYaml(String yaml) {
        JsonNode body;
        try {
            body = YAML.readTree(yaml);
        } catch (Exception e) {
            throw ApiException.invalid("body", "The body is not valid YAML.");
        }
        // YAML's "\0" escape makes a NUL that PostgreSQL would refuse deep inside the write
        FieldError text = body == null ? null : TextRules.firstProblem(body);
        if (text != null) {
            throw ApiException.invalid("The field '" + text.field() + "' " + text.message() + ".", List.of(text));
        }
        return create(body);
    }

    @GET
    public Page<SessionView> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                  @QueryParam("sort") String sort, @QueryParam("order") String order,
                                  @QueryParam("agent_id") String agentId, @QueryParam("status") String status,
                                  @QueryParam("external_user_id") String externalUserId,
                                  @QueryParam("kind") String kind, @QueryParam("metadata_key") String metadataKey,
                                  @QueryParam("metadata_value") String metadataValue) {
        return service.list(PageRequest.of(page, limit, sort, order, SessionFilter.SORTABLE),
                new SessionFilter(agentId, status, externalUserId, kind, metadataKey, metadataValue));
    }

    @GET
    @Path("/{id}")
    public SessionView get(@PathParam("id") String id) {
        return service.get(id);
    }

    @GET
    @Path("/{id}/status")
    public SessionView.Status status(@PathParam("id") String id) {
        return service.status(id);
    }

    @GET
    @Path("/{id}/messages")
    public MessageView.MessagePage messages(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                            @QueryParam("limit") Integer limit, @QueryParam("order") String order) {
        return messages.list(id, cursor, limit, order);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SessionView patch(@PathParam("id") String id, @NotNull @Valid SessionPatch patch) {
        return service.patch(id, patch);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        service.delete(id);
        return Response.noContent().build();
    }
}
