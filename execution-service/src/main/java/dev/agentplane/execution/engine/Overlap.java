package dev.agentplane.execution.engine;

import dev.agentplane.kit.request.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a call to another service (or a write of this one) while this thread does other work, so that
 * the two round trips overlap; the caller waits for it before it commits or answers, and fails when it
 * failed. The calls run on a pool of their own: the worker threads that wait for them must never be
 * the threads they wait for (with one pool, a burst that takes every worker thread would have each of
 * them waiting for a call queued behind it, for ever).
 */
@ApplicationScoped
public class Overlap {
    @ConfigProperty(name = "agentplane.overlap.threads", defaultValue = "64")
    int threads;

    private ExecutorService pool;

    @PostConstruct
    void init() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "overlap-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // a burst fills the pool; idle threads leave again instead of keeping their stacks for ever
        executor.allowCoreThreadTimeOut(true);
        pool = executor;
    }

    void onStop(@Observes ShutdownEvent stop) {
        pool.shutdown();
    }

    /** Starts the call on the pool, under this request's id. */
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
        }, pool);
    }

    /** The pool, for what runs after a call without anyone waiting for it. */
    public Executor executor() {
        return pool;
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
