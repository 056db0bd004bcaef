package dev.agentplane.execution.webhook;

import dev.agentplane.execution.webhook.delivery.DeliveryStore;
import dev.agentplane.execution.webhook.delivery.Signer;
import dev.agentplane.execution.webhook.delivery.WebhookAttempt;
import dev.agentplane.execution.webhook.delivery.WebhookDelivery;
import dev.agentplane.execution.webhook.guard.AddressGuard;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The use cases behind {@code /v1/webhooks}; every read and write is scoped to the caller's workspace. */
@ApplicationScoped
public class WebhookService {
    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_EVENTS = 20;
    /** Attempts shown per delivery in the log (a delivery redelivered many times keeps its newest). */
    static final int ATTEMPTS_SHOWN = 50;

    @Inject
    SubscriptionRepository subscriptions;
    @Inject
    AddressGuard guard;
    @Inject
    DeliveryStore deliveries;
    @Inject
    WebhookConfig config;

    @Transactional
    public WebhookViews.Subscription create(Caller caller, WebhookViews.SubscriptionRequest body) {
        if (body == null) {
            throw ApiException.invalid("A body {url, events} is required.", List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> events = checkEvents(body.events(), true, errors);
        checkDescription(body.description(), errors);
        if (body.url() == null || body.url().isBlank()) {
            errors.add(new FieldError("url", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The webhook is not valid.", errors);
        }
        String url = checkUrl(body.url());
        if (subscriptions.count("workspaceId", caller.workspaceId()) >= config.maxSubscriptions()) {
            throw WebhookErrors.WEBHOOK_LIMIT_REACHED.error("A workspace may have " + config.maxSubscriptions()
                    + " webhooks; delete one first.");
        }
        Instant now = Instant.now();
        WebhookSubscription s = new WebhookSubscription();
        s.id = WebhookIds.subscription();
        s.workspaceId = caller.workspaceId();
        s.tenantId = caller.tenantId();
        s.url = url;
        s.eventList(events);
        s.description = body.description();
        s.enabled = body.enabled() == null || body.enabled();
        s.secret = Signer.newSecret();
        s.createdAt = now;
        s.updatedAt = now;
        subscriptions.persist(s);
        return WebhookViews.Subscription.of(s, s.secret);
    }

    @Transactional
    public Page<WebhookViews.Subscription> list(Caller caller, PageRequest page) {
        return Page.of(subscriptions.findInWorkspace(caller.workspaceId(), "", page.toSort(f -> "createdAt"),
                new Parameters()), page, s -> WebhookViews.Subscription.of(s, null));
    }

    @Transactional
    public WebhookViews.Subscription get(Caller caller, String id) {
        return WebhookViews.Subscription.of(subscriptions.require(caller.workspaceId(), id), null);
    }

    @Transactional
    public WebhookViews.Subscription update(Caller caller, String id, WebhookViews.SubscriptionRequest body) {
        WebhookSubscription s = subscriptions.require(caller.workspaceId(), id);
        if (body == null) {
            throw ApiException.invalid("A body is required.", List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> events = body.events() == null ? null : checkEvents(body.events(), true, errors);
        checkDescription(body.description(), errors);
        if (body.url() != null && body.url().isBlank()) {
            errors.add(new FieldError("url", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The change is not valid.", errors);
        }
        if (body.url() != null) {
            s.url = checkUrl(body.url());
        }
        if (events != null) {
            s.eventList(events);
        }
        if (body.description() != null) {
            s.description = body.description();
        }
        if (body.enabled() != null) {
            if (body.enabled() && !s.enabled) {
                // enabled again by the workspace: the streak that disabled it starts over
                s.disabledReason = null;
                s.failureStreak = 0;
                s.failingSince = null;
            }
            s.enabled = body.enabled();
        }
        s.updatedAt = Instant.now();
        return WebhookViews.Subscription.of(s, null);
    }

    @Transactional
    public void delete(Caller caller, String id) {
        subscriptions.require(caller.workspaceId(), id).delete();
    }

    @Transactional
    public WebhookViews.Rotated rotate(Caller caller, String id) {
        WebhookSubscription s = subscriptions.require(caller.workspaceId(), id);
        Instant now = Instant.now();
        s.previousSecret = s.secret;
        s.previousUntil = now.plus(config.rotationOverlap());
        s.secret = Signer.newSecret();
        s.updatedAt = now;
        return new WebhookViews.Rotated(s.secret, s.previousUntil);
    }

    @Transactional
    public WebhookViews.Delivery test(Caller caller, String id) {
        WebhookSubscription s = subscriptions.require(caller.workspaceId(), id);
        return WebhookViews.Delivery.of(deliveries.test(s), List.of());
    }

    @Transactional
    public Page<WebhookViews.Delivery> deliveries(Caller caller, String id, PageRequest page, String status,
                                                  String eventType, Instant since) {
        WebhookSubscription s = subscriptions.require(caller.workspaceId(), id);
        List<String> where = new ArrayList<>(List.of("workspaceId = :workspaceId", "subscriptionId = :subscriptionId"));
        Parameters params = Parameters.with("workspaceId", s.workspaceId).and("subscriptionId", s.id);
        if (status != null) {
            where.add("status = :status");
            params.and("status", status);
        }
        if (eventType != null) {
            where.add("eventType = :eventType");
            params.and("eventType", eventType);
        }
        if (since != null) {
            where.add("createdAt >= :since");
            params.and("since", since);
        }
        return Page.of(WebhookDelivery.find(String.join(" and ", where), page.toSort(f -> "createdAt"), params),
                page, (WebhookDelivery d) -> WebhookViews.Delivery.of(d, attempts(d.id)));
    }

    @Transactional
    public WebhookViews.Delivery delivery(Caller caller, String id, String deliveryId) {
        WebhookDelivery d = requireDelivery(caller, id, deliveryId);
        return WebhookViews.Delivery.of(d, attempts(d.id));
    }

    @Transactional
    public WebhookViews.Delivery redeliver(Caller caller, String id, String deliveryId) {
        WebhookDelivery d = requireDelivery(caller, id, deliveryId);
        deliveries.redeliver(d);
        return WebhookViews.Delivery.of(d, attempts(d.id));
    }

    @Transactional
    public WebhookViews.Replayed replay(Caller caller, String id, WebhookViews.ReplayRequest body) {
        WebhookSubscription s = subscriptions.require(caller.workspaceId(), id);
        if (body == null || body.since() == null) {
            throw ApiException.invalid("since", "is required (an ISO-8601 time)");
        }
        return new WebhookViews.Replayed(deliveries.replay(s, body.since()));
    }

    private WebhookDelivery requireDelivery(Caller caller, String id, String deliveryId) {
        WebhookSubscription s = subscriptions.require(caller.workspaceId(), id);
        WebhookDelivery d = WebhookDelivery.find("id = ?1 and subscriptionId = ?2 and workspaceId = ?3", deliveryId,
                s.id, s.workspaceId).firstResult();
        if (d == null) {
            throw WebhookErrors.WEBHOOK_DELIVERY_NOT_FOUND.error("No delivery '" + deliveryId + "' exists for this webhook.");
        }
        return d;
    }

    private List<WebhookViews.Attempt> attempts(String deliveryId) {
        List<WebhookAttempt> newest = WebhookAttempt.<WebhookAttempt>find("deliveryId", Sort.descending("id"), deliveryId)
                .page(0, ATTEMPTS_SHOWN).list();
        List<WebhookViews.Attempt> attempts = new ArrayList<>(newest.size());
        for (int i = newest.size() - 1; i >= 0; i--) {
            attempts.add(WebhookViews.Attempt.of(newest.get(i)));
        }
        return attempts;
    }

    /** Form, scheme and every resolved address (the guard); no connection is made. */
    private String checkUrl(String url) {
        if (url.length() > MAX_URL) {
            throw ApiException.invalid("url", "must be at most " + MAX_URL + " characters");
        }
        try {
            guard.check(url);
        } catch (AddressGuard.Refused e) {
            throw WebhookErrors.WEBHOOK_URL_NOT_ALLOWED.error("url", "The URL " + e.getMessage() + ".");
        }
        return url;
    }

    private static List<String> checkEvents(List<String> events, boolean required, List<FieldError> errors) {
        if (events == null || events.isEmpty()) {
            if (required) {
                errors.add(new FieldError("events", "must name at least one event type, or \"*\""));
            }
            return List.of();
        }
        if (events.size() > MAX_EVENTS) {
            errors.add(new FieldError("events", "must name at most " + MAX_EVENTS + " event types"));
            return List.of();
        }
        for (int i = 0; i < events.size(); i++) {
            if (!WebhookEventTypes.SUBSCRIBABLE.contains(events.get(i))) {
                errors.add(new FieldError("events[" + i + "]", "must be one of " + WebhookEventTypes.SUBSCRIBABLE));
            }
        }
        return List.copyOf(new LinkedHashSet<>(events));
    }

    private static void checkDescription(String description, List<FieldError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
    }
}
