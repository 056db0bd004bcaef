package dev.agentplane.console.web;

import jakarta.ws.rs.core.Response;

/**
 * A 303 to a console path, as a relative Location: behind the gateway the console does not know the host and port
 * the browser used (Response.seeOther would make an absolute URI from the proxied Host header, without its port).
 */
public final class Redirect {
    private Redirect() {
    }

    public static Response.ResponseBuilder to(String path) {
        return Response.status(303).header("Location", path);
    }
}
