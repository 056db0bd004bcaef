package dev.agentplane.console.web;

import dev.agentplane.console.api.ApiProblem;
import dev.agentplane.console.session.Cookies;
import dev.agentplane.console.session.Session;
import dev.agentplane.console.session.SignInRequired;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/**
 * The console's one exception mapper: no session (or a token the API refused) → the sign-in page; an API problem →
 * a page with its title and detail in words; another workspace's id is the API's 404 → the not-found page.
 */
public class ErrorPages {
    private final Template problem;
    private final Cookies cookies;

    public ErrorPages(@Location("problem.html") Template problem, Cookies cookies) {
        this.problem = problem;
        this.cookies = cookies;
    }

    @ServerExceptionMapper
    public Response signIn(SignInRequired e, HttpHeaders headers) {
        return Redirect.to("/console/login").cookie(cookies.cleared(headers)).build();
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem p, HttpHeaders headers) {
        if (p.status() == 401) {
            return signIn(new SignInRequired(), headers);
        }
        String title = p.status() == 404 ? "Not found" : p.title();
        String detail = p.status() == 404
                ? "Nothing with that id exists in this workspace. " + p.detail() : p.detail();
        Object session = null;
        try {
            session = Session.of(headers.getCookies().containsKey(Session.COOKIE)
                    ? headers.getCookies().get(Session.COOKIE).getValue() : null);
        } catch (SignInRequired ignored) {
            // the page is shown without the navigation
        }
        return Response.status(p.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(problem.data("title", title).data("detail", detail).data("code", p.code())
                        .data("status", p.status()).data("session", session)).build();
    }
}
