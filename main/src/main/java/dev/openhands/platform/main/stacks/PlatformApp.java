package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Aspects;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.guardrails.Guardrails;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Synthesizes environments into one CDKTF output directory, in this JVM. The output appears whole or not at
 * all: stacks are written to a sibling staging directory that replaces the output only after synth succeeded
 * and every resource passed the guard-rails.
 */
public final class PlatformApp {

    private PlatformApp() {
    }

    /** The stack of one environment, in a given app. */
    public static TerraformStack stackFor(App app, EnvironmentConfig env) {
        return switch (env.platform()) {
            case EC2_PILOT -> new PilotStack(app, env);
            case ECS_FARGATE -> new ServiceStack(app, env);
        };
    }

    /**
     * The stacks of these environments: one per environment, plus one state bootstrap stack per state bucket
     * they use (environments sharing a bucket share its bootstrap).
     */
    public static List<TerraformStack> stacksFor(App app, List<EnvironmentConfig> environments) {
        List<TerraformStack> stacks = new java.util.ArrayList<>();
        java.util.Set<String> buckets = new java.util.HashSet<>();
        for (EnvironmentConfig env : environments) {
            if (buckets.add(env.state().bucket())) {
                stacks.add(new StateBootstrapStack(app, env));
            }
            stacks.add(stackFor(app, env));
        }
        return stacks;
    }

    public static void synthesize(List<EnvironmentConfig> environments, Path outdir) {
        if (System.getenv("CDKTF_OUTDIR") != null) {
            // cdktf's App prefers this variable to the outdir it is given, which would bypass the staging below.
            throw new IllegalStateException("CDKTF_OUTDIR is set: run through bin/openhands (which turns it into --output)"
                + " or unset it and pass --output");
        }
        Path target = outdir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".staging-");
            try {
                setReadableByAll(staging);
                // Stack traces on every construct cost synth time and bloat cdk.tf.json; the config file and
                // construct path already locate every resource.
                App app = App.Builder.create().outdir(staging.toString()).stackTraces(false).build();
                // Reading a static of the provider bindings loads the provider's jsii assembly: timed on its own.
                java.util.Objects.requireNonNull(com.hashicorp.cdktf.providers.aws.provider.AwsProvider.TF_RESOURCE_TYPE);
                SynthTimings.mark("jsii-and-provider-load");
                Guardrails guardrails = Guardrails.secureDefaults();
                for (TerraformStack stack : stacksFor(app, environments)) {
                    Aspects.of(stack).add(guardrails);
                }
                SynthTimings.mark("construct");
                synthWithDeepStack(app);
                if (!guardrails.findings().isEmpty()) {
                    throw new GuardrailViolationException(guardrails.findings());
                }
                if (environments.stream().anyMatch(env -> env.platform() == EnvironmentConfig.Platform.ECS_FARGATE)) {
                    SandboxArtifact.publish(staging);
                }
                replace(target, staging);
                SynthTimings.mark("synth-write");
            } finally {
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Stack for {@link #synthWithDeepStack}: far more than the guardrails' callbacks for every bundled stack need. */
    static final long SYNTH_STACK_BYTES = 256L << 20;

    /**
     * Synthesizes on a thread with a deep stack. The jsii runtime answers each callback into Java (the guardrails
     * aspect visits every construct) by recursing, so synth's stack depth grows with the number of constructs; the
     * JVM's default 1 MiB overflowed once staging and prod gained the front door.
     */
    static void synthWithDeepStack(App app) {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                app.synth();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "cdktf-synth", SYNTH_STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing", e);
        }
        if (failure[0] instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure[0] instanceof Error error) {
            throw error;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    private static void setReadableByAll(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file systems keep their defaults
        }
    }

    /**
     * Terraform's working files in a stack directory ({@code .terraform/}, the dependency lock file) survive a
     * new synth, so {@code cdktf deploy} and {@code terraform plan} do not re-initialise every time.
     */
    private static void carryOverTerraformState(Path previous, Path staging) throws IOException {
        Path previousStacks = previous.resolve("stacks");
        if (!Files.isDirectory(previousStacks)) {
            return;
        }
        try (Stream<Path> stacks = Files.list(previousStacks)) {
            for (Path oldStack : stacks.toList()) {
                Path newStack = staging.resolve("stacks").resolve(oldStack.getFileName());
                if (!Files.isDirectory(newStack)) {
                    continue;
                }
                for (String kept : List.of(".terraform", ".terraform.lock.hcl")) {
                    Path from = oldStack.resolve(kept);
                    if (Files.exists(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(from, newStack.resolve(kept));
                    }
                }
            }
        }
    }

    private static void replace(Path target, Path staging) throws IOException {
        Path previous = null;
        if (Files.exists(target)) {
            carryOverTerraformState(target, staging);
            previous = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".previous-");
            Files.delete(previous);
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (previous != null) {
            deleteRecursively(previous);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
