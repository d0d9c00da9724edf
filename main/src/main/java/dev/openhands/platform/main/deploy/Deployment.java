package dev.openhands.platform.main.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.review.DriftReport;
import dev.openhands.platform.main.review.PlanReview;
import dev.openhands.platform.main.terraform.TerraformCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applying an environment's stack the documented way, in an initialised stack directory: a saved plan and its review,
 * that plan applied exactly (Terraform refuses it if the state moved since), then the settle: a refresh-only apply that
 * records in the state what other resources filled in after creation (an Elastic IP's association once its NAT gateway
 * exists, a route table's routes, a security group's rules, a role's inline policies). Without the settle those values
 * read as drift until the next apply.
 */
public final class Deployment {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);
    /** Where the runbook for a failed apply lives. */
    public static final String FAILED_APPLY_RUNBOOK = "docs/operations.md, \"When an apply fails\"";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern APPLY_COMPLETE = Pattern.compile(
        "Apply complete! Resources: (?:(\\d+) imported, )?(\\d+) added, (\\d+) changed, (\\d+) destroyed");
    private static final Pattern LOCK_ID = Pattern.compile("(?m)^\\s*ID:\\s+(\\S+)");

    /** A saved plan, its JSON and its review. */
    public record Plan(Path file, JsonNode json, PlanReview review) {
    }

    /** What an apply did, from Terraform's own summary line. */
    public record Applied(int added, int changed, int destroyed, Duration took) {
        public String describe() {
            return added + " added, " + changed + " changed, " + destroyed + " destroyed";
        }
    }

    /** A Terraform step of the deploy failed; the message says what is applied and how to go on. */
    public static final class DeployFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String output;
        private final boolean shown;

        DeployFailed(String message, String output) {
            this(message, output, false);
        }

        DeployFailed(String message, String output, boolean shown) {
            super(message);
            this.output = output;
            this.shown = shown;
        }

        /** Terraform's output of the failed step. */
        public String output() {
            return output;
        }

        /** True when that output was already echoed as it came. */
        public boolean shown() {
            return shown;
        }
    }

    private final String environment;
    private final TerraformCli terraform;
    private final Path stackDir;
    private final Map<String, String> env;
    private final Duration timeout;
    private final PrintWriter progress;

    public Deployment(String environment, TerraformCli terraform, Path stackDir, Map<String, String> env, Duration timeout,
                      PrintWriter progress) {
        this.environment = environment;
        this.terraform = terraform;
        this.stackDir = stackDir;
        this.env = Map.copyOf(env);
        this.timeout = timeout;
        this.progress = progress;
    }

    /** Plans into {@code planFile} (taking the state lock while it reads the state) and reviews the plan. */
    public Plan plan(Path planFile) throws IOException, InterruptedException {
        progress.printf("[%s] planning%n", environment);
        TerraformCli.Result plan = terraform.run(stackDir, timeout, env, "plan", "-input=false", "-no-color", "-out=" + planFile);
        if (plan.exitCode() != 0) {
            throw new DeployFailed(lockHeld(plan.combined())
                ? "another run holds the state lock of " + environment + ": wait for it to finish, then deploy again (if it"
                    + " is dead: docs/operations.md, \"Recovering a stuck lock\"). Nothing was applied."
                : "terraform plan failed in " + stackDir + "; nothing was applied.", plan.combined());
        }
        return read(planFile);
    }

    /** Reads a saved plan (its JSON and review) without planning. */
    public Plan read(Path planFile) throws IOException, InterruptedException {
        TerraformCli.Result show = terraform.run(stackDir, timeout, env, "show", "-json", "-no-color", planFile.toString());
        if (show.exitCode() != 0) {
            throw new DeployFailed("terraform show -json " + planFile + " failed; nothing was applied.", show.combined());
        }
        JsonNode json = JSON.readTree(show.stdout());
        return new Plan(planFile, json, PlanReview.fromPlan(environment, json));
    }

    /** Applies exactly the saved plan; Terraform's progress is echoed as it comes. */
    public Applied apply(Plan plan) throws IOException, InterruptedException {
        progress.printf("[%s] applying the saved plan %s%n", environment, plan.file().getFileName());
        long start = System.nanoTime();
        TerraformCli.Result apply = terraform.run(stackDir, timeout, env, progress, "apply", "-input=false", "-no-color",
            plan.file().toString());
        if (apply.exitCode() != 0) {
            throw new DeployFailed(failedApply(environment, apply.combined()), apply.combined(), true);
        }
        Matcher m = APPLY_COMPLETE.matcher(apply.stdout());
        if (!m.find()) {
            throw new DeployFailed("terraform apply ended without its summary line; read its output and the state before"
                + " deploying again.", apply.combined());
        }
        return new Applied(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
            Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Records in the state what changed in the live resources while the apply ran (values other resources fill in
     * after creation), with a refresh-only plan that is shown and then applied as saved.
     *
     * @return the resources whose recorded values changed, with the attributes (empty when there was nothing to record)
     */
    public DriftReport settle() throws IOException, InterruptedException {
        progress.printf("[%s] settling: recording values other resources filled in after creation%n", environment);
        Path settleFile = Files.createTempFile(stackDir, "settle-", ".tfplan");
        try {
            TerraformCli.Result plan = terraform.run(stackDir, timeout, env, "plan", "-refresh-only", "-detailed-exitcode",
                "-input=false", "-no-color", "-out=" + settleFile);
            if (plan.exitCode() == 0) {
                return new DriftReport(environment, List.of());
            }
            if (plan.exitCode() != 2) {
                throw new DeployFailed(unsettled(), plan.combined());
            }
            TerraformCli.Result show = terraform.run(stackDir, timeout, env, "show", "-json", "-no-color", settleFile.toString());
            if (show.exitCode() != 0) {
                throw new DeployFailed(unsettled(), show.combined());
            }
            DriftReport recorded = DriftReport.fromPlan(environment, JSON.readTree(show.stdout()));
            TerraformCli.Result apply = terraform.run(stackDir, timeout, env, "apply", "-input=false", "-no-color", settleFile.toString());
            if (apply.exitCode() != 0) {
                throw new DeployFailed(unsettled(), apply.combined());
            }
            return recorded;
        } finally {
            Files.deleteIfExists(settleFile);
        }
    }

    private String unsettled() {
        return "the changes are applied, but recording the values other resources filled in after creation (terraform apply"
            + " -refresh-only) failed: until it succeeds, drift reports them. Run it in the stack directory once the cause is"
            + " fixed, or deploy again. See " + FAILED_APPLY_RUNBOOK + ".";
    }

    /** What a failed apply means for the state and its lock, and how to go on. */
    static String failedApply(String environment, String output) {
        String lock;
        if (output.contains("Error releasing the state lock")) {
            Matcher id = LOCK_ID.matcher(output.substring(output.indexOf("Error releasing the state lock")));
            lock = "Terraform could not release the state lock" + (id.find() ? " (ID " + id.group(1) + ")" : "")
                + ": once you know no other run is applying, run terraform force-unlock with that ID in the stack directory.";
        } else if (lockHeld(output)) {
            return "another run holds the state lock of " + environment + ": nothing was applied. Wait for it to finish, then"
                + " deploy again (if it is dead: docs/operations.md, \"Recovering a stuck lock\").";
        } else {
            lock = "Terraform released the state lock as it stopped.";
        }
        return "terraform apply failed for " + environment + ". " + lock + " What it created or changed before the error"
            + " is recorded in the state; nothing was rolled back. Fix the cause, then deploy again: a new plan holds only"
            + " what is left. See " + FAILED_APPLY_RUNBOOK + ".";
    }

    private static boolean lockHeld(String output) {
        return output.contains("Error acquiring the state lock");
    }
}
