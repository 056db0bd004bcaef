package dev.agentplane.knowledge.attachment;

import dev.agentplane.kit.auth.Caller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The workspace a background task (an ingestion, outside any HTTP request) calls other services for; set in
 * a request context the task activates. Empty in an HTTP request, where the caller's own workspace is used.
 */
@RequestScoped
public class OnBehalf {
    private Caller caller;

    public Caller get() {
        return caller;
    }

    public void set(Caller caller) {
        this.caller = caller;
    }
}
