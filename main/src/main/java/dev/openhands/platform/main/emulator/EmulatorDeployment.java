package dev.openhands.platform.main.emulator;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.stacks.PlatformApp;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A full deployment of one environment against a local AWS emulator: synth, {@code terraform apply}, a second
 * {@code plan -detailed-exitcode} that must find nothing to change (the stack converges), then destroy.
 * Newcomers see the stack work with no AWS account; the test suite runs exactly the same steps.
 */
public final class EmulatorDeployment {

    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(15);
    private static final Map<String, String> TERRAFORM_ENV = Map.of("AWS_EC2_METADATA_DISABLED", "true");

    /** Timings and outcome of one run. */
    public record Report(String environment, int resources, Duration synth, Duration apply, Duration plan,
                         Duration destroy, boolean destroyed, Path workdir) {
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

    public static Report run(EnvironmentConfig env, boolean keep, PrintWriter progress) throws IOException, InterruptedException {
        TerraformCli terraform = TerraformCli.locate();
        Path work = Files.createTempDirectory("openhands-emulator-" + env.name() + "-");
        long t0 = System.nanoTime();
        PlatformApp.synthesize(List.of(env), work.resolve("cdktf.out"));
        Duration synth = since(t0);
        Path stackDir = work.resolve("cdktf.out").resolve("stacks").resolve(env.name());
        progress.printf("[%s] synthesized in %d ms; starting moto_server%n", env.name(), synth.toMillis());

        try (MotoServer moto = MotoServer.start(env.aws().accountId())) {
            progress.printf("[%s] moto_server on %s%n", env.name(), moto.endpoint());
            Map<String, String> renamed = EmulatorOverride.write(stackDir, moto.endpoint(), work.resolve("terraform.tfstate"));
            EmulatorAws aws = new EmulatorAws(moto.endpoint(), env.aws().region());
            for (Map.Entry<String, String> parameter : renamed.entrySet()) {
                String architecture = parameter.getKey().contains("/arm64/") ? "arm64" : "x86_64";
                aws.putParameter(parameter.getValue(), aws.imageId(architecture));
            }

            step(terraform, stackDir, INIT_TIMEOUT, "init", "-input=false", "-no-color");
            long t1 = System.nanoTime();
            step(terraform, stackDir, APPLY_TIMEOUT, "apply", "-input=false", "-auto-approve", "-no-color");
            Duration apply = since(t1);
            progress.printf("[%s] applied in %d ms%n", env.name(), apply.toMillis());

            long t2 = System.nanoTime();
            TerraformCli.Result plan = terraform.run(stackDir, APPLY_TIMEOUT, TERRAFORM_ENV,
                "plan", "-input=false", "-detailed-exitcode", "-no-color");
            Duration planTime = since(t2);
            if (plan.exitCode() == 2) {
                throw new EmulatorFailure("the stack does not converge: a plan right after apply still has changes\n" + plan.stdout());
            }
            if (plan.exitCode() != 0) {
                throw new EmulatorFailure("terraform plan failed:\n" + plan.combined());
            }
            progress.printf("[%s] re-plan found no changes (%d ms): the stack converges%n", env.name(), planTime.toMillis());

            int resources = countResources(terraform, stackDir);
            Duration destroy = Duration.ZERO;
            if (!keep) {
                long t3 = System.nanoTime();
                step(terraform, stackDir, APPLY_TIMEOUT, "destroy", "-input=false", "-auto-approve", "-no-color");
                destroy = since(t3);
                progress.printf("[%s] destroyed in %d ms%n", env.name(), destroy.toMillis());
            }
            return new Report(env.name(), resources, synth, apply, planTime, destroy, !keep, work);
        }
    }

    private static int countResources(TerraformCli terraform, Path stackDir) throws IOException, InterruptedException {
        TerraformCli.Result list = terraform.run(stackDir, INIT_TIMEOUT, TERRAFORM_ENV, "state", "list");
        if (list.exitCode() != 0) {
            throw new EmulatorFailure("terraform state list failed:\n" + list.combined());
        }
        return (int) list.stdout().lines().filter(l -> !l.startsWith("data.")).count();
    }

    private static void step(TerraformCli terraform, Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
        TerraformCli.Result result = terraform.run(dir, timeout, TERRAFORM_ENV, args);
        if (result.exitCode() != 0) {
            throw new EmulatorFailure("terraform " + args[0] + " failed in " + dir + ":\n" + result.combined());
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
