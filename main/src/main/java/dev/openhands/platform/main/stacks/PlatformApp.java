package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.App;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.aspects.StackAspects;
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

    /** The stack of one environment, in a given app, complete: its Java-side aspects ({@link StackAspects}) applied. */
    public static TerraformStack stackFor(App app, EnvironmentConfig env) {
        TerraformStack stack = build(app, env);
        StackAspects.of(stack).apply();
        return stack;
    }

    private static TerraformStack build(App app, EnvironmentConfig env) {
        return switch (env.platform()) {
            case EC2_PILOT -> new PilotStack(app, env);
            case ECS_FARGATE -> new ServiceStack(app, env);
        };
    }

    /**
     * The stacks of these environments: one per environment, plus one state bootstrap stack per state bucket
     * they use (environments sharing a bucket share its bootstrap). Their {@link StackAspects} are still pending,
     * so a caller can add its own and have them all visit each construct in one walk.
     */
    private static List<TerraformStack> stacksFor(App app, List<EnvironmentConfig> environments) {
        List<TerraformStack> stacks = new java.util.ArrayList<>();
        java.util.Set<String> buckets = new java.util.HashSet<>();
        for (EnvironmentConfig env : environments) {
            if (buckets.add(env.state().bucket())) {
                stacks.add(new StateBootstrapStack(app, env));
            }
            stacks.add(build(app, env));
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
                List<TerraformStack> stacks = stacksFor(app, environments);
                SynthTimings.mark("construct");
                // The stacks' own aspects (the alarm actions), from Java before synth: cdktf's aspects would call Java
                // back for every construct and aspect during synth.
                for (TerraformStack stack : stacks) {
                    StackAspects.of(stack).apply();
                }
                SynthTimings.mark("aspects");
                synthOnDeepStack(app);
                // The guard-rails read what was written to the staging directory (no round trip to Node, and Node
                // renders each stack once); a finding leaves the output as it was.
                checkSynthesized(guardrails, staging, stacks);
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks each stack's {@code stacks/<id>/cdk.tf.json} under {@code outdir}; a stack's object is looked up only for a finding. */
    static void checkSynthesized(Guardrails guardrails, Path outdir, List<TerraformStack> stacks) throws IOException {
        Path stacksDir = outdir.resolve("stacks");
        try (Stream<Path> dirs = Files.list(stacksDir)) {
            for (Path dir : dirs.sorted().toList()) {
                String id = dir.getFileName().toString();
                Object configuration = JSON.readValue(dir.resolve("cdk.tf.json").toFile(), Object.class);
                guardrails.checkSynthesized(configuration, () -> stacks.stream()
                    .filter(stack -> stack.getNode().getId().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no stack " + id + " among those synthesized into " + stacksDir)));
            }
        }
    }

    /**
     * jsii's Java runtime answers each callback from Node (every aspect visit, for every construct) inside the request
     * that caused it, so the Java stack grows by a few frames per callback during {@code app.synth()}: about 1,700
     * callbacks for the bundled environments, more than the 1 MiB the launcher gives the main thread. The synth runs on
     * a thread of its own with room for hundreds of thousands (the stack is reserved, and touched only as deep as it is
     * used); the calling thread waits, so jsii is never used by two threads at once.
     */
    static void synthOnDeepStack(App app) {
        Throwable[] failure = new Throwable[1];
        Thread synth = new Thread(null, () -> {
            try {
                app.synth();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "synth", SYNTH_STACK_BYTES);
        synth.start();
        try {
            synth.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing", interrupted);
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

    private static final long SYNTH_STACK_BYTES = 256L * 1024 * 1024;

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
