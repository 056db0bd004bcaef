package dev.agentplane.kit.lifecycle;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Graceful shutdown, the generic part. On SIGTERM Quarkus (quarkus.shutdown.delay-enabled, set by the kit)
 * first turns readiness DOWN and fires {@link ShutdownDelayInitiatedEvent}, waits quarkus.shutdown.delay so
 * that load balancers notice, then answers new HTTP requests 503 while the in-flight ones finish within
 * quarkus.shutdown.timeout; Kafka consumers are closed after that and commit what they processed.
 * <p>
 * This bean turns the first of those moments into one {@link DrainStarted} event that services observe to
 * hand over their own work (execution-service: its running async runs), and answers {@link #draining()} for
 * code that must stop taking new work (claiming runs, starting schedulers' batches).
 */
@ApplicationScoped
public class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class);

    @Inject
    Event<DrainStarted> drainStarted;

    @ConfigProperty(name = "quarkus.shutdown.delay")
    Optional<Duration> delay;

    @ConfigProperty(name = "quarkus.shutdown.timeout")
    Optional<Duration> timeout;

    Clock clock = Clock.systemUTC();
    private volatile DrainStarted started;

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        start();
    }

    // without a shutdown delay the first signal is the shutdown itself (after HTTP has drained)
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        start();
    }

    /** Starts draining (once; later calls return the first event). */
    public DrainStarted start() {
        DrainStarted event;
        synchronized (this) {
            if (started != null) {
                return started;
            }
            started = event = new DrainStarted(Instant.now(clock), grace());
        }
        LOG.infof("shutting down: readiness is DOWN, in-flight work has until %s (%s)", event.deadline(), event.grace());
        try {
            drainStarted.fire(event);
        } catch (RuntimeException e) {
            // an observer's failure must not stop the shutdown
            LOG.error("a drain observer failed", e);
        }
        return event;
    }

    public boolean draining() {
        return started != null;
    }

    public Optional<DrainStarted> started() {
        return Optional.ofNullable(started);
    }

    Duration grace() {
        return delay.orElse(Duration.ZERO).plus(timeout.orElse(Duration.ZERO));
    }
}
