package dev.openhands.platform.main.emulator;

import dev.openhands.platform.emulator.MotoServer;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.deploy.Deployment;
import dev.openhands.platform.main.review.DriftReport;
import dev.openhands.platform.main.stacks.PlatformApp;
import dev.openhands.platform.main.terraform.TerraformCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One environment and its state bootstrap, synthesized into a temporary directory and aimed at a private
 * {@code moto_server}: the state stack keeps a local state file, the environment keeps its state in the emulated
 * state bucket through its own S3 backend (lock file included). {@link #close()} stops the emulator.
 */
public final class EmulatorWorkspace implements AutoCloseable {

    static final Duration INIT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration APPLY_TIMEOUT = Duration.ofMinutes(15);
    public static final Map<String, String> TERRAFORM_ENV = Map.of("AWS_EC2_METADATA_DISABLED", "true");

    private final EnvironmentConfig env;
    private final TerraformCli terraform;
    private final MotoServer moto;
    private final Path workdir;
    private final Path stackDir;
    private final Path stateStackDir;
    private final PrintWriter progress;

    private EmulatorWorkspace(EnvironmentConfig env, TerraformCli terraform, MotoServer moto, Path workdir, PrintWriter progress) {
        this.env = env;
        this.terraform = terraform;
        this.moto = moto;
        this.workdir = workdir;
        this.stackDir = workdir.resolve("cdktf.out/stacks").resolve(env.name());
        this.stateStackDir = workdir.resolve("cdktf.out/stacks").resolve(env.state().bootstrapStackName());
        this.progress = progress;
    }

    /** Synthesizes, starts the emulator and writes the overrides; nothing is applied yet. */
    public static EmulatorWorkspace open(EnvironmentConfig env, PrintWriter progress) throws IOException, InterruptedException {
        TerraformCli terraform = TerraformCli.locate();
        Path workdir = Files.createTempDirectory("openhands-emulator-" + env.name() + "-");
        long start = System.nanoTime();
        PlatformApp.synthesize(List.of(env), workdir.resolve("cdktf.out"));
        progress.printf("[%s] synthesized %s and %s in %d ms; starting moto_server%n", env.name(), env.name(),
            env.state().bootstrapStackName(), (System.nanoTime() - start) / 1_000_000);
        MotoServer moto = MotoServer.start(env.aws().accountId());
        EmulatorWorkspace workspace = new EmulatorWorkspace(env, terraform, moto, workdir, progress);
        try {
            workspace.writeOverrides();
        } catch (IOException | InterruptedException | RuntimeException e) {
            moto.close();
            throw e;
        }
        progress.printf("[%s] moto_server on %s%n", env.name(), moto.endpoint());
        return workspace;
    }

    private void writeOverrides() throws IOException, InterruptedException {
        EmulatorOverride.write(stateStackDir, moto.endpoint(), EmulatorOverride.localBackend(workdir.resolve("state-bootstrap.tfstate")));
        Map<String, String> renamed = EmulatorOverride.write(stackDir, moto.endpoint(),
            EmulatorOverride.s3Backend(EmulatorOverride.readStack(stackDir), moto.endpoint()));
        EmulatorAws aws = new EmulatorAws(moto.endpoint(), env.aws().region());
        for (Map.Entry<String, String> parameter : renamed.entrySet()) {
            String architecture = parameter.getKey().contains("/arm64/") ? "arm64" : "x86_64";
            aws.putParameter(parameter.getValue(), aws.imageId(architecture));
        }
        java.util.Optional<EnvironmentConfig.PinnedAmi> pinned = env.pilot().flatMap(EnvironmentConfig.Pilot::ami);
        if (pinned.isPresent()) {
            String architecture = pinned.get().architecture() == EnvironmentConfig.Architecture.ARM64 ? "arm64" : "x86_64";
            EmulatorOverride.replacePinnedAmis(stackDir, aws.imageId(architecture));
        }
    }

    /** Applies the state bootstrap (bucket, key) and checks that it converges. */
    public void bootstrapState() throws IOException, InterruptedException {
        long start = System.nanoTime();
        require(stateStackDir, INIT_TIMEOUT, "init", "-input=false", "-no-color");
        require(stateStackDir, APPLY_TIMEOUT, "apply", "-input=false", "-auto-approve", "-no-color");
        requireConverged(stateStackDir);
        progress.printf("[%s] state bucket %s applied and converged in %d ms%n", env.name(), env.state().bucket(),
            (System.nanoTime() - start) / 1_000_000);
    }

    /** Initialises the environment's stack against the emulated state bucket. */
    public void init() throws IOException, InterruptedException {
        require(stackDir, INIT_TIMEOUT, "init", "-input=false", "-no-color");
    }

    /**
     * Applies the environment the way {@code deploy} does: a saved plan, applied as it is, then the settle (a
     * refresh-only apply recording what other resources filled in after creation).
     *
     * @return what the settle recorded
     */
    public DriftReport deploy() throws IOException, InterruptedException {
        Deployment deployment = new Deployment(env.name(), terraform, stackDir, TERRAFORM_ENV, APPLY_TIMEOUT,
            new PrintWriter(Writer.nullWriter()));
        Path planFile = stackDir.resolve("emulator-deploy.tfplan");
        try {
            deployment.apply(deployment.plan(planFile));
            return deployment.settle();
        } catch (Deployment.DeployFailed e) {
            throw new EmulatorDeployment.EmulatorFailure(e.getMessage() + "\n" + e.output());
        } finally {
            Files.deleteIfExists(planFile);
        }
    }

    /** Fails unless a plan right after apply finds nothing to change. */
    public void requireConverged(Path dir) throws IOException, InterruptedException {
        TerraformCli.Result plan = terraform.run(dir, APPLY_TIMEOUT, TERRAFORM_ENV, "plan", "-input=false", "-detailed-exitcode", "-no-color");
        if (plan.exitCode() == 2) {
            throw new EmulatorDeployment.EmulatorFailure("the stack in " + dir.getFileName()
                + " does not converge: a plan right after apply still has changes\n" + plan.stdout());
        }
        if (plan.exitCode() != 0) {
            throw new EmulatorDeployment.EmulatorFailure("terraform plan failed:\n" + plan.combined());
        }
    }

    public void destroy() throws IOException, InterruptedException {
        require(stackDir, APPLY_TIMEOUT, "destroy", "-input=false", "-auto-approve", "-no-color");
    }

    /** Runs terraform in the environment's stack directory. */
    public TerraformCli.Result terraform(Duration timeout, String... args) throws IOException, InterruptedException {
        return terraform.run(stackDir, timeout, TERRAFORM_ENV, args);
    }

    public int resourceCount() throws IOException, InterruptedException {
        TerraformCli.Result list = terraform(INIT_TIMEOUT, "state", "list");
        if (list.exitCode() != 0) {
            throw new EmulatorDeployment.EmulatorFailure("terraform state list failed:\n" + list.combined());
        }
        return (int) list.stdout().lines().filter(l -> !l.startsWith("data.")).count();
    }

    private void require(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
        TerraformCli.Result result = terraform.run(dir, timeout, TERRAFORM_ENV, args);
        if (result.exitCode() != 0) {
            throw new EmulatorDeployment.EmulatorFailure("terraform " + args[0] + " failed in " + dir + ":\n" + result.combined());
        }
    }

    public TerraformCli terraformCli() {
        return terraform;
    }

    public String endpoint() {
        return moto.endpoint();
    }

    public Path workdir() {
        return workdir;
    }

    public Path stackDir() {
        return stackDir;
    }

    public Path stateStackDir() {
        return stateStackDir;
    }

    public EnvironmentConfig environment() {
        return env;
    }

    @Override
    public void close() {
        moto.close();
    }
}
