package dev.agentplane.e2e.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The running platform as the end-to-end tests see it: the gateway URL (system property
 * {@code agentplane.url}) and fresh workspaces with credentials, made from the run directory
 * ({@code agentplane.run-dir}) that bin/up wrote.
 */
public final class Platform {
    private static final String URL = System.getProperty("agentplane.url", "http://127.0.0.1:8080");
    private static final Path RUN_DIR = Path.of(System.getProperty("agentplane.run-dir", ".run"));
    private static volatile PrivateKey signingKey;

    private Platform() {
    }

    public static String url() {
        return URL;
    }

    /** A request to the gateway with no credentials. */
    public static RequestSpecification anonymous() {
        return RestAssured.given().baseUri(URL);
    }

    /** A workspace of its own for one test; nothing else ever sees its data. */
    public static Workspace newWorkspace() {
        String tenant = "ten_e2e_" + UUID.randomUUID().toString().substring(0, 8);
        String workspace = "ws_e2e_" + UUID.randomUUID().toString().substring(0, 12);
        return new Workspace(tenant, workspace, token(tenant, workspace, Set.of("workspace"), List.of()));
    }

    /** A workspace and the credential every request of the test carries. */
    public record Workspace(String tenantId, String workspaceId, String token) {
        public RequestSpecification given() {
            return anonymous().auth().oauth2(token);
        }

        /** An execution-scoped credential of the same workspace, optionally limited to some agents. */
        public RequestSpecification asExecutor(String... agents) {
            return anonymous().auth().oauth2(Platform.token(tenantId, workspaceId, Set.of("execute"), List.of(agents)));
        }
    }

    /** A JWT signed with the platform's own key, exactly as the token exchange would issue it. */
    public static String token(String tenant, String workspace, Set<String> scopes, List<String> agents) {
        var builder = Jwt.issuer("agentplane").audience("agentplane").subject("e2e").groups(scopes)
                .claim("tenant", tenant).claim("workspace", workspace).claim("tier", "team").expiresIn(900);
        if (!agents.isEmpty()) {
            builder.claim("agents", agents);
        }
        return builder.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(signingKey());
    }

    public static Path runDir() {
        return RUN_DIR;
    }

    private static PrivateKey signingKey() {
        if (signingKey == null) {
            try {
                String pem = Files.readString(RUN_DIR.resolve("keys/private.pem"))
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                signingKey = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the platform's signing key under " + RUN_DIR
                        + " — run the suite through bin/test", e);
            }
        }
        return signingKey;
    }
}
