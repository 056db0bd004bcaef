package dev.agentplane.console.session;

import dev.agentplane.console.web.Redirect;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.console.api.Api;
import dev.agentplane.console.api.ApiProblem;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


/** Sign-in (a workspace key exchanged for a token; the key is never kept) and sign-out. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {
    private final Api api;
    private final Cookies cookies;
    private final Template signin;

    public SignInResource(Api api, Cookies cookies, @Location("signin.html") Template signin) {
        this.api = api;
        this.cookies = cookies;
        this.signin = signin;
    }

    @GET
    public Response home(@CookieParam(Session.COOKIE) String token) {
        try {
            Session.of(token);
            return Redirect.to("/console/agents").build();
        } catch (SignInRequired e) {
            return Redirect.to("/console/login").build();
        }
    }

    @GET
    @Path("/login")
    public TemplateInstance form() {
        return signin.data("error", null).data("session", null);
    }

    @POST
    @Path("/login")
    public Response signIn(@FormParam("api_key") String key, @Context HttpHeaders headers) {
        if (key == null || key.isBlank() || key.length() > 512) {
            return Response.status(400).entity(signin.data("error", "Enter a workspace API key.").data("session", null)).build();
        }
        try {
            JsonNode token = api.exchangeKey(key.trim());
            return Redirect.to("/console/agents")
                    .cookie(cookies.session(token.path("access_token").asText(), token.path("expires_in").asInt(900), headers))
                    .build();
        } catch (ApiProblem p) {
            String why = p.status() == 401 || p.status() == 403
                    ? "That key was not accepted (unknown, revoked, or not a key that can sign in)." : p.title() + ": " + p.detail();
            return Response.status(p.status() == 503 ? 503 : 401).entity(signin.data("error", why).data("session", null)).build();
        }
    }

    @POST
    @Path("/logout")
    public Response signOut(@Context HttpHeaders headers) {
        return Redirect.to("/console/login").cookie(cookies.cleared(headers)).build();
    }
}
