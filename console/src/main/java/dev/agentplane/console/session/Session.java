package dev.agentplane.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed-in workspace: its token from the session cookie, and what the pages show of its claims. The
 * claims are read, not verified: the API verifies the token on every call, the console decides nothing with them.
 */
public record Session(String token, String workspace, String tenant, String scope, Instant expiresAt) {
    public static final String COOKIE = "agentplane_console";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Session of(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new SignInRequired();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new SignInRequired();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
            if (exp.isBefore(Instant.now())) {
                throw new SignInRequired();
            }
            return new Session(token, claims.path("workspace").asText(""), claims.path("tenant").asText(""),
                    claims.path("groups").path(0).asText(""), exp);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SignInRequired();
        }
    }

    public long minutesLeft() {
        return Math.max(0, (expiresAt.getEpochSecond() - Instant.now().getEpochSecond()) / 60);
    }
}
