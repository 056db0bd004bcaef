package dev.agentplane.kit;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

import java.util.Map;

/** A resource that exercises the kit the way services use it. */
@Path("/probe")
public class KitProbeResource {
    @Inject
    CurrentCaller caller;
    @Inject
    EventPublisher events;

    public record Thing(@NotBlank @Size(max = 10) String name, int count) {
    }

    @GET
    @Path("/me")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
    public Caller me() {
        return caller.get();
    }

    /** What /internal/ endpoints see: another service, for a workspace or platform-wide, or the operator. */
    @GET
    @Path("/platform")
    @RolesAllowed({Scopes.SERVICE, Scopes.ADMIN})
    public Caller platform() {
        return caller.get();
    }

    @GET
    @Path("/platform/workspace")
    @RolesAllowed({Scopes.SERVICE, Scopes.ADMIN})
    public Map<String, String> platformWorkspace() {
        return Map.of("workspace_id", caller.workspaceId());
    }

    @POST
    @Path("/things")
    @RolesAllowed(Scopes.WORKSPACE)
    public Thing create(@Valid Thing thing) {
        return thing;
    }

    @GET
    @Path("/fail/{kind}")
    @PermitAll
    public String fail(@PathParam("kind") String kind) {
        if ("domain".equals(kind)) {
            throw new ApiException(409, "THING_BUSY", "The thing is busy.", java.util.List.of(),
                    Map.of("thing_id", "t1"));
        }
        if ("unavailable".equals(kind)) {
            throw new ApiException(503, "THING_UNAVAILABLE", "The thing cannot be reached.");
        }
        if ("later".equals(kind)) {
            throw new ApiException(503, "THING_LATER", "Come back later.", java.util.List.of(), Map.of("retry_after", 7));
        }
        throw new IllegalStateException("secret internal detail");
    }

    @POST
    @Path("/events/{subject}")
    @RolesAllowed(Scopes.WORKSPACE)
    @Transactional
    public Map<String, String> publish(@PathParam("subject") String subject,
                                       @QueryParam("count") @DefaultValue("1") int count) {
        Caller c = caller.get();
        var outgoing = java.util.stream.IntStream.range(0, count).mapToObj(n -> new EventPublisher.Outgoing(
                Topics.AGENT_EVENTS, subject, "probe.happened", c.tenantId(), c.workspaceId(), subject,
                Map.of("subject", subject, "n", n))).toList();
        var event = events.publishAll(outgoing).get(0);
        if (subject.startsWith("rollback")) {
            throw new ApiException(400, "ROLLED_BACK", "rolled back on purpose");
        }
        return Map.of("event_id", event.id());
    }

    public record Rich(@NotBlank String name, java.util.List<String> tags, Map<String, String> labels,
                       Map<String, Object> metadata, Thing inner) {
    }

    @POST
    @Path("/rich")
    @RolesAllowed(Scopes.WORKSPACE)
    public Rich rich(@Valid Rich rich) {
        return rich;
    }

    @POST
    @Path("/documents")
    @RolesAllowed(Scopes.WORKSPACE)
    public com.fasterxml.jackson.databind.node.ObjectNode document(com.fasterxml.jackson.databind.node.ObjectNode doc) {
        return doc;
    }

    /** Stores free-form metadata in jsonb: untyped member names reach PostgreSQL unchecked. */
    @POST
    @Path("/stored")
    @RolesAllowed(Scopes.WORKSPACE)
    @Transactional
    public Map<String, Object> stored(Map<String, Object> metadata) throws Exception {
        String json = mapper.writeValueAsString(metadata);
        em.createNativeQuery("select cast(?1 as jsonb)").setParameter(1, json).getSingleResult();
        return metadata;
    }

    @GET
    @Path("/search/{term}")
    @RolesAllowed(Scopes.WORKSPACE)
    @Transactional
    public Map<String, Object> search(@PathParam("term") String term, @QueryParam("q") String q) {
        Object found = em.createNativeQuery("select cast(?1 as text)").setParameter(1, term + q).getSingleResult();
        return Map.of("found", found);
    }

    /** Holds a database connection for a while, so that a test can terminate its backend mid-request. */
    @GET
    @Path("/slow")
    @RolesAllowed(Scopes.WORKSPACE)
    @Transactional
    public Map<String, Object> slow() {
        em.createNativeQuery("select pg_sleep(5), 'kit-probe-slow'").getResultList();
        return Map.of("slept", true);
    }

    @POST
    @Path("/upload")
    @jakarta.ws.rs.Consumes(jakarta.ws.rs.core.MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Scopes.WORKSPACE)
    public Map<String, Object> upload(@org.jboss.resteasy.reactive.RestForm("note") String note) {
        return Map.of("note", String.valueOf(note));
    }

    @Inject
    jakarta.persistence.EntityManager em;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;
}
