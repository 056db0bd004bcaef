package dev.agentplane.billing.token;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.Claims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Signs RS256 access tokens (issuer, audience, expiry and type set; verified by SmallRye JWT in
 * every service with the algorithm pinned to RS256 and the key from configuration only).
 */
@ApplicationScoped
public class TokenService {

    @ConfigProperty(name = "billing.token.lifespan", defaultValue = "15m")
    Duration lifespan;

    /** The OAuth-style answer of the exchange. */
    public record AccessToken(String accessToken, String tokenType, long expiresIn, Instant expiresAt, String scope) {
    }

    public AccessToken issue(Caller caller) {
        Instant now = Instant.now();
        Instant expires = now.plus(lifespan);
        JwtClaimsBuilder claims = Jwt.subject(caller.subject())
                .groups(caller.scopes())
                .claim(Claims.TENANT, caller.tenantId())
                .claim(Claims.WORKSPACE, caller.workspaceId())
                .claim(Claims.TIER, caller.tier() == null ? "free" : caller.tier())
                .claim(Claims.KEY_ID, caller.keyId())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expires);
        if (!caller.allowedAgents().isEmpty()) {
            claims.claim(Claims.AGENTS, List.copyOf(caller.allowedAgents()));
        }
        String token = claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).header("typ", "JWT")
                .sign();
        return new AccessToken(token, "Bearer", lifespan.toSeconds(), expires, String.join(" ", caller.scopes()));
    }
}
