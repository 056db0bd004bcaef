package dev.agentplane.execution.run;

import dev.agentplane.kit.error.Problem;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** A problem that says when to retry ({@code retry_after} seconds) carries it as the Retry-After header too. */
public class RetryAfterHeader {
    static final String EXTENSION = "retry_after";

    @ServerResponseFilter
    public void retryAfter(ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && problem.extensionMembers() != null
                && problem.extensionMembers().get(EXTENSION) != null
                && !response.getHeaders().containsKey("Retry-After")) {
            response.getHeaders().putSingle("Retry-After", String.valueOf(problem.extensionMembers().get(EXTENSION)));
        }
    }
}
