package dev.agentplane.kit.apikey;

import dev.agentplane.kit.auth.Caller;
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
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;

/**
 * Authenticates {@code X-API-Key}: the checksum first (a malformed key never causes any I/O), then
 * the Redis cache, then the {@link ApiKeyVerifier}. Leaves the {@link Caller} on the identity under
 * {@link Caller#ATTRIBUTE}, with the key's scopes as roles. Requests without the header are left to
 * the bearer-token mechanism.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
    public static final String HEADER = "X-API-Key";

    @Inject
    ApiKeyVerifier verifier;
    @Inject
    ApiKeyCache cache;

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
        String hash = ApiKeys.hash(key);
        String secret = key;
        return cache.get(hash).flatMap(cached -> cached.isPresent()
                        ? Uni.createFrom().item(cached.get())
                        : verifier.verify(secret).call(found -> cache.put(hash, found)).map(Optional::ofNullable))
                .flatMap(found -> found.isPresent() ? Uni.createFrom().item(identityOf(found.get())) : refuse());
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
