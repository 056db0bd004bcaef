package dev.agentplane.execution.recovery;

import dev.agentplane.kit.config.InstanceId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process as a runner of executions: a name no other process has ({@link InstanceId}: the host name,
 * which is the pod name on Kubernetes, and a random suffix for restarts), written on every execution it starts, and a
 * heartbeat in {@code execution_runner} by which the other replicas know it is still running them. The
 * heartbeat has a thread of its own: it must not wait behind requests when the worker threads are busy,
 * or the other replicas would take a loaded replica for a dead one.
 */
@ApplicationScoped
public class Replica {
    private static final Logger LOG = Logger.getLogger(Replica.class);
    private static final String BEAT = "insert into execution_runner (id, heartbeat_at) values (?1, now()) "
            + "on conflict (id) do update set heartbeat_at = now()";

    @ConfigProperty(name = InstanceId.KEY)
    String id;

    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-heartbeat");
        t.setDaemon(true);
        return t;
    });

    @Inject
    EntityManager em;

    @ConfigProperty(name = "agentplane.executions.heartbeat-interval", defaultValue = "10s")
    Duration interval;

    public String id() {
        return id;
    }

    void onStart(@Observes StartupEvent start) {
        beatQuietly();
        beats.scheduleWithFixedDelay(this::beatQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        beats.shutdownNow();
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // the next beat may pass; silence longer than abandon-after lets other replicas fail our runs
            LOG.warnf("could not record the heartbeat of replica %s: %s", id, e.getMessage());
        }
    }

    private void beat() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(BEAT).setParameter(1, id).executeUpdate());
    }
}
