package dev.agentplane.kit.apikey;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates {@code X-API-Key}: the checksum first (a malformed key never causes any I/O), then
 * the cache (this process's, then Redis), then the {@link ApiKeyVerifier}. Leaves the {@link Caller}
 * on the identity under {@link Caller#ATTRIBUTE}, with the key's scopes as roles. Requests without the header are left to
 * the bearer-token mechanism.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
    public static final String HEADER = "X-API-Key";

    @Inject
    ApiKeyVerifier verifier;
    @Inject
    ApiKeyCache cache;

    private final ConcurrentHashMap<String, Uni<Optional<VerifiedKey>>> inFlight = new ConcurrentHashMap<>();

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = context.request().getHeader(HEADER);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        key = key.strip();
        if (!ApiKeys.wellFormed(key)) {
            VerifiedKey other = verifier.verifyOther(key);
            return other == null ? refuse() : Uni.createFrom().item(identityOf(other));
        }
        Context requestContext = Vertx.currentContext();
        return lookup(ApiKeys.hash(key), key)
                .emitOn(task -> onContext(requestContext, task))
                .flatMap(found -> found.isPresent() ? Uni.createFrom().item(identityOf(found.get())) : refuse());
    }

    /**
     * One lookup per key at a time: requests that arrive with a key while it is being looked up share
     * that lookup, so thousands of connections opened at once with one key (a client reconnecting its
     * streams) cost one cache read and at most one call to billing, not one each. When billing cannot
     * answer, this process's last answer for the key serves (see {@link ApiKeyCache}): one slow call
     * must not fail every request that shared it.
     */
    private Uni<Optional<VerifiedKey>> lookup(String hash, String secret) {
        return inFlight.computeIfAbsent(hash, h -> cache.get(h)
                .flatMap(cached -> cached.isPresent()
                        ? Uni.createFrom().item(cached.get())
                        : verifier.verify(secret).call(found -> cache.put(h, found)).map(Optional::ofNullable)
                                .onFailure(ApiKeyAuthenticationMechanism::unavailable)
                                .recoverWithUni(failure -> lastAnswer(h, failure)))
                .onTermination().invoke(() -> inFlight.remove(h))
                .memoize().indefinitely());
    }

    private Uni<Optional<VerifiedKey>> lastAnswer(String hash, Throwable failure) {
        return cache.stale(hash).map(last -> Uni.createFrom().item(last))
                .orElseGet(() -> Uni.createFrom().failure(failure));
    }

    private static boolean unavailable(Throwable failure) {
        return failure instanceof ApiException api && api.status() == 503;
    }

    /** A shared lookup may end on another request's event loop: each request goes on on its own. */
    private static void onContext(Context context, Runnable task) {
        if (context == null || Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private static Uni<SecurityIdentity> refuse() {
        return Uni.createFrom().failure(new AuthenticationFailedException("invalid API key"));
    }

    private static SecurityIdentity identityOf(VerifiedKey key) {
        Caller caller = key.toCaller();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.subject()))
                .addRoles(caller.scopes())
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }
}
