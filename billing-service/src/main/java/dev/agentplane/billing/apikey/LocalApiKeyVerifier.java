package dev.agentplane.billing.apikey;

import dev.agentplane.kit.apikey.ApiKeyVerifier;
import dev.agentplane.kit.apikey.VerifiedKey;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** billing-service verifies keys from its own tables instead of calling itself. */
@ApplicationScoped
public class LocalApiKeyVerifier implements ApiKeyVerifier {
    @Inject
    ApiKeyService keys;
    @Inject
    OperatorKey operator;

    @Override
    public Uni<VerifiedKey> verify(String key) {
        VerifiedKey admin = operator.verify(key);
        if (admin != null) {
            return Uni.createFrom().item(admin);
        }
        return Uni.createFrom().item(() -> keys.verify(key)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public VerifiedKey verifyOther(String key) {
        return operator.verify(key);
    }
}
