package dev.agentplane.console.session;

import dev.agentplane.console.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

/** The session cookie: HttpOnly (no script reads the token), SameSite=Strict, path /console, Secure over https. */
@ApplicationScoped
public class Cookies {
    private final ConsoleConfig config;

    public Cookies(ConsoleConfig config) {
        this.config = config;
    }

    public NewCookie session(String token, int maxAgeSeconds, HttpHeaders headers) {
        return new NewCookie.Builder(Session.COOKIE).value(token).path("/console").maxAge(maxAgeSeconds)
                .httpOnly(true).secure(secure(headers)).sameSite(NewCookie.SameSite.STRICT).build();
    }

    public NewCookie cleared(HttpHeaders headers) {
        return new NewCookie.Builder(Session.COOKIE).value("").path("/console").maxAge(0)
                .httpOnly(true).secure(secure(headers)).sameSite(NewCookie.SameSite.STRICT).build();
    }

    private boolean secure(HttpHeaders headers) {
        return switch (config.secureCookies()) {
            case "true" -> true;
            case "false" -> false;
            default -> "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
        };
    }
}
