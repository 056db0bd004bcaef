package dev.agentplane.kit.auth;

import dev.agentplane.kit.client.ServiceTokens;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** What a JWT must carry to be let in: who (sub), for which tenant and workspace, and times within 30 s of ours. */
@QuarkusTest
class TokenClaimsTest {
    @Inject
    ServiceTokens serviceTokens;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private JwtClaimsBuilder workspaceToken() {
        return Jwt.claims().subject("key:key_1").groups(Set.of(Scopes.WORKSPACE)).claim(Claims.TENANT, ws.tenantId())
                .claim(Claims.WORKSPACE, ws.workspaceId()).claim(Claims.TIER, "team").expiresIn(600);
    }

    private static void refused(String token) {
        given().auth().oauth2(token).when().get("/probe/me").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("code", is("UNAUTHORIZED"));
    }

    @Test
    void aWorkspaceTokenNeedsItsWorkspaceTenantAndSubjectAsWellFormedStrings() {
        given().auth().oauth2(workspaceToken().sign()).when().get("/probe/me").then().statusCode(200);
        refused(workspaceToken().remove(Claims.WORKSPACE).sign());
        refused(workspaceToken().remove(Claims.TENANT).sign());
        refused(workspaceToken().remove("sub").sign());
        for (Object bad : new Object[]{"", " ", "ws 1", "ws\u0000", "x".repeat(200), 42, true, List.of(ws.workspaceId()),
                Map.of("id", ws.workspaceId())}) {
            refused(workspaceToken().claim(Claims.WORKSPACE, bad).sign());
            refused(workspaceToken().claim(Claims.TENANT, bad).sign());
            if (bad instanceof String subject) {
                refused(workspaceToken().subject(subject).sign());
            }
        }
    }

    @Test
    void anExecuteTokenToo() {
        refused(Jwt.claims().subject("u").groups(Set.of(Scopes.EXECUTE)).claim(Claims.TENANT, ws.tenantId())
                .expiresIn(600).sign());
    }

    @Test
    void expiryAllowsThirtySecondsOfSkewNotMore() {
        long now = System.currentTimeMillis() / 1000;
        given().auth().oauth2(workspaceToken().issuedAt(now - 600).expiresAt(now - 10).sign())
                .when().get("/probe/me").then().statusCode(200);
        refused(workspaceToken().issuedAt(now - 600).expiresAt(now - 45).sign());
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() {
        long now = System.currentTimeMillis() / 1000;
        given().auth().oauth2(workspaceToken().issuedAt(now + 10).expiresAt(now + 600).sign())
                .when().get("/probe/me").then().statusCode(200);
        refused(workspaceToken().issuedAt(now + 300).expiresAt(now + 900).sign());
    }

    @Test
    void serviceTokensWorkForAWorkspaceAndPlatformWide() {
        Caller caller = new Caller("u", ws.tenantId(), ws.workspaceId(), Set.of(Scopes.WORKSPACE), "team", Set.of(), null);
        given().auth().oauth2(serviceTokens.tokenFor(caller)).when().get("/probe/platform").then().statusCode(200)
                .body("workspace_id", is(ws.workspaceId()), "tenant_id", is(ws.tenantId()),
                        "subject", is("service:service-kit"));
        given().auth().oauth2(serviceTokens.tokenFor(null)).when().get("/probe/platform").then().statusCode(200)
                .body("workspace_id", nullValue(), "subject", is("service:service-kit"));
        given().auth().oauth2(TestTokens.admin()).when().get("/probe/platform").then().statusCode(200);
    }

    @Test
    void onlyPlatformCredentialsMayNameNoWorkspaceAndTheyNameBothOrNeither() {
        // half a workspace: a tenant without its workspace, or the other way round
        given().auth().oauth2(Jwt.claims().subject("service:x").groups(Set.of(Scopes.SERVICE))
                .claim(Claims.WORKSPACE, ws.workspaceId()).expiresIn(600).sign())
                .when().get("/probe/platform").then().statusCode(401);
        given().auth().oauth2(Jwt.claims().subject("operator").groups(Set.of(Scopes.ADMIN))
                .claim(Claims.TENANT, ws.tenantId()).expiresIn(600).sign())
                .when().get("/probe/platform").then().statusCode(401);
        // a workspace scope beside the platform one still needs its workspace
        given().auth().oauth2(Jwt.claims().subject("service:x").groups(Set.of(Scopes.SERVICE, Scopes.WORKSPACE))
                .expiresIn(600).sign()).when().get("/probe/platform").then().statusCode(401);
        // a platform credential has no workspace to act in
        given().auth().oauth2(serviceTokens.tokenFor(null)).when().get("/probe/me").then().statusCode(403);
        given().auth().oauth2(serviceTokens.tokenFor(null)).when().get("/probe/platform/workspace").then().statusCode(401)
                .body("code", is("UNAUTHORIZED"));
    }
}
