package dev.agentplane.execution.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Not ready when this replica's master keys cannot open the stored data keys (a wrong or missing master key): it
 * would fail every call on a workspace credential, so it takes no traffic.
 */
@Readiness
@ApplicationScoped
public class MasterKeyReadiness implements HealthCheck {
    @Inject
    DataKeys dataKeys;
    @Inject
    MasterKeys masters;

    @Override
    @Transactional
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("provider-credentials-master-key");
        if (masters.configured()) {
            answer.withData("master_key_id", masters.currentId());
        }
        List<String> problems;
        try {
            problems = dataKeys.problems();
        } catch (RuntimeException e) {
            return answer.down().withData("error", "the data keys could not be read").build();
        }
        if (problems.isEmpty()) {
            return answer.up().build();
        }
        return answer.down().withData("error", String.join("; ", problems)).build();
    }
}
