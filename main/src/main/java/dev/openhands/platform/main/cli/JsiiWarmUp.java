package dev.openhands.platform.main.cli;

import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts jsii's Node child and loads the AWS provider's assembly (with cdktf and constructs, its dependencies) on a
 * background thread, while the main thread reads and validates the environment files. The two take about the same
 * time and share nothing, so a synth no longer waits for one after the other.
 *
 * <p>jsii's engine is a lazily created singleton that is not safe for concurrent use: the caller must not touch any
 * jsii-backed class until {@link #await()} returned (picocli's parsing, which an early start overlaps, touches none:
 * the commands hold no jsii-backed fields). Configuration loading never does (it uses only plain records
 * from {@code modules}, none of which reaches jsii).
 */
final class JsiiWarmUp {

    /** Started by {@link #startEarly()} and not yet claimed by a command. */
    private static final AtomicReference<JsiiWarmUp> EARLY = new AtomicReference<>();

    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    private JsiiWarmUp() {
    }

    /**
     * Starts the engine before the command line is parsed, for a command known to synthesize: building picocli's
     * model of every command takes ~0.4 s of class loading and reflection that jsii's start no longer waits for.
     */
    static void startEarly() {
        if (EARLY.get() == null) {
            EARLY.set(start());
        }
    }

    /** The engine {@link #startEarly()} started, or a new start. */
    static JsiiWarmUp claim() {
        JsiiWarmUp early = EARLY.getAndSet(null);
        return early != null ? early : start();
    }

    /** An early start no command claimed ({@code synth --help}, a bad option) is let finish, so the exit finds Node. */
    static void settleUnclaimed() {
        JsiiWarmUp early = EARLY.getAndSet(null);
        if (early != null) {
            early.settle();
        }
    }

    static JsiiWarmUp start() {
        JsiiWarmUp warmUp = new JsiiWarmUp();
        Thread thread = new Thread(() -> {
            try {
                // Reading a static of the provider bindings loads the assembly and requires its entry point in Node.
                Objects.requireNonNull(AwsProvider.TF_RESOURCE_TYPE);
                warmUp.loaded.complete(null);
            } catch (Throwable failure) {
                warmUp.loaded.completeExceptionally(failure);
            }
        }, "jsii-warm-up");
        thread.setDaemon(true);
        thread.start();
        return warmUp;
    }

    /** Waits until the engine is up; rethrows what stopped it (Node missing, a broken bundle) as the caller's error. */
    void await() {
        try {
            loaded.join();
        } catch (CompletionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("jsii did not start: " + cause.getMessage(), cause);
        }
    }

    /** Waits for the engine without reporting a failure, so an early exit still finds (and cleans up) the Node child. */
    void settle() {
        loaded.handle((ignored, failure) -> null).join();
    }
}
