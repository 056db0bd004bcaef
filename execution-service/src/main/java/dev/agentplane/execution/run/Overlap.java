package dev.agentplane.execution.run;

import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.MDC;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs a call to another service while this thread writes its own transaction, so that the two round
 * trips overlap; the transaction waits for the call before it commits and rolls back when it failed.
 */
@ApplicationScoped
public class Overlap {
    @Inject
    ManagedExecutor executor;

    /** Starts the call on a worker thread, under this request's id. */
    public <T> CompletableFuture<T> start(Supplier<T> call) {
        String requestId = RequestIds.current();
        return CompletableFuture.supplyAsync(() -> {
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try {
                return call.get();
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }, executor);
    }

    /** The call's answer, or the exception it threw. */
    public static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
