package dev.agentplane.execution.webhook;

import dev.agentplane.execution.webhook.delivery.WebhookDelivery;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /v1/webhooks}: a workspace's subscriptions, their test and rotation, and the delivery log with
 * redelivery and replay. Workspace keys only (execute keys cannot see where a workspace's events go); another
 * workspace's webhook or delivery is 404.
 */
@Path("/v1/webhooks")
@RolesAllowed(Scopes.WORKSPACE)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    private static final List<String> STATUSES = List.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERING,
            WebhookDelivery.DELIVERED, WebhookDelivery.FAILED);

    @Inject
    WebhookService service;
    @Inject
    CurrentCaller caller;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(WebhookViews.SubscriptionRequest body) {
        WebhookViews.Subscription created = service.create(caller.get(), body);
        return Response.created(uri.getBaseUriBuilder().path("v1/webhooks/{id}").build(created.id()))
                .entity(created).build();
    }

    @GET
    public Page<WebhookViews.Subscription> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                                @QueryParam("sort") String sort, @QueryParam("order") String order) {
        return service.list(caller.get(), PageRequest.of(page, limit, sort, order, List.of("created_at")));
    }

    @GET
    @Path("{id}")
    public WebhookViews.Subscription get(@PathParam("id") String id) {
        return service.get(caller.get(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookViews.Subscription update(@PathParam("id") String id, WebhookViews.SubscriptionRequest body) {
        return service.update(caller.get(), id, body);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        service.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    public WebhookViews.Rotated rotate(@PathParam("id") String id) {
        return service.rotate(caller.get(), id);
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") String id) {
        return Response.accepted(service.test(caller.get(), id)).build();
    }

    @GET
    @Path("{id}/deliveries")
    public Page<WebhookViews.Delivery> deliveries(@PathParam("id") String id, @QueryParam("page") Integer page,
                                                  @QueryParam("limit") Integer limit, @QueryParam("sort") String sort,
                                                  @QueryParam("order") String order, @QueryParam("status") String status,
                                                  @QueryParam("event_type") String eventType,
                                                  @QueryParam("since") String since) {
        PageRequest request = PageRequest.of(page, limit, sort, order, List.of("created_at"));
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of " + STATUSES);
        }
        return service.deliveries(caller.get(), id, request, status, eventType, instant("since", since));
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    public WebhookViews.Delivery delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return service.delivery(caller.get(), id, deliveryId);
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return Response.accepted(service.redeliver(caller.get(), id, deliveryId)).build();
    }

    @POST
    @Path("{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replay(@PathParam("id") String id, WebhookViews.ReplayRequest body) {
        return Response.accepted(service.replay(caller.get(), id, body)).build();
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO-8601 time such as 2026-01-31T12:00:00Z");
        }
    }
}
