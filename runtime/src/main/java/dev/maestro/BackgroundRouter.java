package dev.maestro;

import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.RouteDecision;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A router built on a background thread while the rest of Maestro starts (its examples' vectors and calibration
 * take a few hundred milliseconds): the first request waits for it, and a failure to build it fails that request
 * with the original error.
 */
final class BackgroundRouter implements IntentRouter {

    private final CompletableFuture<IntentRouter> router = new CompletableFuture<>();

    BackgroundRouter(Supplier<? extends IntentRouter> build) {
        Thread.ofVirtual().name("maestro-router-build").start(() -> {
            try {
                router.complete(build.get());
            } catch (Throwable t) {
                router.completeExceptionally(t);
            }
        });
    }

    @Override
    public RouteDecision route(String request) {
        return ready().route(request);
    }

    /** The built router, waiting for it. */
    IntentRouter ready() {
        try {
            return router.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the router was being built", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the router could not be built: " + cause.getMessage(), cause);
        }
    }
}
