package dev.agentplane.kit.testing;

import dev.agentplane.kit.auth.Claims;
import dev.agentplane.kit.auth.Scopes;
import io.smallrye.jwt.build.Jwt;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * JWTs for tests. In the test profile smallrye-jwt makes an in-memory key pair for each run (no key
 * is ever committed); these tokens are signed with its private half.
 */
public final class TestTokens {
    private TestTokens() {
    }

    /** A fresh workspace (random ids) with a full-access token: tests never see each other's data. */
    public static Workspace newWorkspace() {
        return new Workspace("ten_" + UUID.randomUUID().toString().substring(0, 8),
                "ws_" + UUID.randomUUID().toString().substring(0, 12));
    }

    public record Workspace(String tenantId, String workspaceId) {
        public String token() {
            return TestTokens.token(tenantId, workspaceId, Set.of(Scopes.WORKSPACE), List.of());
        }

        public String executeToken(String... agents) {
            return TestTokens.token(tenantId, workspaceId, Set.of(Scopes.EXECUTE), List.of(agents));
        }

        public String serviceToken() {
            return TestTokens.token(tenantId, workspaceId, Set.of(Scopes.SERVICE), List.of());
        }
    }

    public static String token(String tenant, String workspace, Set<String> scopes, List<String> agents) {
        var builder = Jwt.subject("test-user").groups(scopes).claim(Claims.TENANT, tenant)
                .claim(Claims.WORKSPACE, workspace).claim(Claims.TIER, "team").expiresIn(600);
        if (!agents.isEmpty()) {
            builder.claim(Claims.AGENTS, agents);
        }
        return builder.sign();
    }

    public static String admin() {
        return Jwt.subject("operator").groups(Set.of(Scopes.ADMIN)).expiresIn(600).sign();
    }
}
