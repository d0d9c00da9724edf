package dev.openhands.platform.main.emulator;

import dev.openhands.platform.main.config.EnvironmentConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A full deployment of one environment against a local AWS emulator: the state bootstrap, then the environment
 * with its state in the emulated bucket, deployed as {@code deploy} does it (saved plan, apply, settle), a second
 * {@code plan -detailed-exitcode} that must find nothing to change (the stack converges), then destroy. Newcomers see
 * the stack work with no AWS account; the tests run the same.
 */
public final class EmulatorDeployment {

    /** Timings and outcome of one run. */
    public record Report(String environment, int resources, Duration apply, Duration plan, Duration destroy,
                         boolean destroyed, Path workdir) {
    }

    /** The stack did not converge or a Terraform step failed; the message carries Terraform's output. */
    public static final class EmulatorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EmulatorFailure(String message) {
            super(message);
        }
    }

    private EmulatorDeployment() {
    }

    /** Work done on a deployed, converged workspace before it is destroyed or kept. */
    @FunctionalInterface
    public interface AfterConverge {
        void accept(EmulatorWorkspace workspace) throws Exception;
    }

    /** How a run applies the initialised environment. */
    @FunctionalInterface
    public interface Applier {
        void apply(EmulatorWorkspace workspace) throws Exception;
    }

    public static Report run(EnvironmentConfig env, boolean keep, PrintWriter progress) throws Exception {
        return run(env, keep, progress, workspace -> { });
    }

    /**
     * Applies the environment the way {@code deploy} does (plan, apply that plan, settle).
     *
     * @param afterConverge runs once the environment is applied and converged, while the emulator holds it (the
     *                      CLI waits for the operator there with {@code --keep}; tests inject drift and read plans)
     */
    public static Report run(EnvironmentConfig env, boolean keep, PrintWriter progress, AfterConverge afterConverge)
        throws Exception {
        return run(env, keep, progress, workspace -> {
            int settled = workspace.deploy().resources().size();
            progress.printf("[%s] settled: values filled in after creation recorded on %d resources%n", env.name(), settled);
        }, afterConverge);
    }

    /** @param applier applies the initialised environment (a test drives {@code bin/openhands deploy} itself here) */
    public static Report run(EnvironmentConfig env, boolean keep, PrintWriter progress, Applier applier, AfterConverge afterConverge)
        throws Exception {
        try (EmulatorWorkspace workspace = EmulatorWorkspace.open(env, progress)) {
            workspace.bootstrapState();
            workspace.init();
            long t1 = System.nanoTime();
            applier.apply(workspace);
            Duration apply = since(t1);
            progress.printf("[%s] deployed in %d ms (state in s3://%s/%s)%n", env.name(), apply.toMillis(),
                env.state().bucket(), env.state().key());

            long t2 = System.nanoTime();
            workspace.requireConverged(workspace.stackDir());
            Duration plan = since(t2);
            progress.printf("[%s] re-plan found no changes (%d ms): the stack converges%n", env.name(), plan.toMillis());

            int resources = workspace.resourceCount();
            if (keep) {
                progress.printf("[%s] resources kept in the emulator at %s (state: %s)%n", env.name(), workspace.endpoint(),
                    workspace.workdir());
            }
            afterConverge.accept(workspace);
            Duration destroy = Duration.ZERO;
            if (!keep) {
                long t3 = System.nanoTime();
                workspace.destroy();
                destroy = since(t3);
                progress.printf("[%s] destroyed in %d ms (the state bucket keeps prevent_destroy and goes with the emulator)%n",
                    env.name(), destroy.toMillis());
            }
            return new Report(env.name(), resources, apply, plan, destroy, !keep, workspace.workdir());
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
