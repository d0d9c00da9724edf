package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.terraform.TerraformCli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs a read-only refresh-only plan in an initialised stack directory and reports what changed outside Terraform.
 * It takes no state lock and writes no state: safe to run at night beside anyone's apply.
 */
public final class DriftDetector {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private DriftDetector() {
    }

    /** Terraform could not complete the refresh; the message carries its output. */
    public static final class DriftCheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DriftCheckFailed(String message) {
            super(message);
        }
    }

    public static DriftReport detect(String environment, TerraformCli terraform, Path stackDir, Map<String, String> env)
        throws IOException, InterruptedException {
        Path planFile = Files.createTempFile("drift-", ".tfplan");
        try {
            TerraformCli.Result plan = terraform.run(stackDir, TIMEOUT, env, "plan", "-refresh-only", "-detailed-exitcode",
                "-lock=false", "-input=false", "-no-color", "-out=" + planFile);
            if (plan.exitCode() == 0) {
                return new DriftReport(environment, java.util.List.of());
            }
            if (plan.exitCode() != 2) {
                throw new DriftCheckFailed("terraform plan -refresh-only failed in " + stackDir + ":\n" + plan.combined());
            }
            TerraformCli.Result show = terraform.run(stackDir, TIMEOUT, env, "show", "-json", "-no-color", planFile.toString());
            if (show.exitCode() != 0) {
                throw new DriftCheckFailed("terraform show -json failed:\n" + show.combined());
            }
            return DriftReport.fromPlan(environment, new ObjectMapper().readTree(show.stdout()));
        } finally {
            Files.deleteIfExists(planFile);
        }
    }
}
