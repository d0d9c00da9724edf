package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.deploy.DeployOutcome;
import dev.openhands.platform.main.deploy.Deployment;
import dev.openhands.platform.main.review.PlanReview;
import dev.openhands.platform.main.terraform.TerraformCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "deploy", description = "Apply an environment with the current credentials, the way the deploy workflow does:"
    + " plan, show the review summary, ask for confirmation (unless --auto-approve), apply exactly that plan, then settle"
    + " (a refresh-only apply recording what other resources filled in after creation, so drift right after is clean)."
    + " Exit 0 applied; 1 error (a failed apply says how to recover); 3 a stateful resource would be deleted or replaced"
    + " without --allow-data-loss; 5 not confirmed. Nothing is applied unless the exit code is 0 or a failed apply says so.")
final class DeployCommand implements Callable<Integer> {

    /** Exit code when the operator does not confirm: nothing was applied. */
    static final int EXIT_NOT_CONFIRMED = 5;
    static final String PLAN_FILE = "deploy.tfplan";

    private final BufferedReader input;

    DeployCommand(BufferedReader input) {
        this.input = input;
    }

    @Mixin
    StackOptions stack;

    @Option(names = "--plan", paramLabel = "PLANFILE", description = "Apply this saved plan (terraform plan -out) instead of"
        + " planning: what the deploy workflow does once plan-compare found it to be the reviewed plan.")
    Path planFile;

    @Option(names = "--auto-approve", description = "Apply without asking.")
    boolean autoApprove;

    @Option(names = "--allow-data-loss", description = "Apply even though a stateful resource is deleted or replaced (the"
        + " workflow passes it when the pull request has the allow-data-loss label).")
    boolean allowDataLoss;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the outcome as Markdown here (for a"
        + " pull-request comment or a job summary), whatever it is.")
    Path output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TerraformCli terraform = TerraformCli.locate();
        Path stackDir = stack.prepare(terraform);
        Deployment deployment = new Deployment(stack.environmentName(), terraform, stackDir, Map.of(), Deployment.DEFAULT_TIMEOUT, out);
        Path ownPlan = planFile == null ? stackDir.resolve(PLAN_FILE) : null;
        try {
            Deployment.Plan plan;
            try {
                plan = ownPlan != null ? deployment.plan(ownPlan) : deployment.read(planFile);
            } catch (Deployment.DeployFailed e) {
                return finish(DeployOutcome.failed(stack.environmentName(), null, null, e), 1, e);
            }
            PlanReview review = plan.review();
            out.print(review.toMarkdown());
            out.flush();
            if (!review.dataLossRisks().isEmpty() && !allowDataLoss) {
                return finish(DeployOutcome.refused(stack.environmentName(), review, "The plan deletes or replaces "
                    + review.dataLossRisks().size() + " stateful resource(s) ("
                    + String.join(", ", review.dataLossRisks().stream().map(c -> "`" + c.address() + "`").toList())
                    + "); nothing was applied. Deploy with --allow-data-loss (in the workflow: the allow-data-loss label on"
                    + " the pull request) once that is intended and the data is backed up or migrated."), PlanReviewCommand.EXIT_DATA_LOSS);
            }
            if (!autoApprove && !confirmed(out)) {
                return finish(DeployOutcome.declined(stack.environmentName(), review), EXIT_NOT_CONFIRMED);
            }
            Deployment.Applied applied = null;
            try {
                applied = deployment.apply(plan);
                return finish(DeployOutcome.applied(stack.environmentName(), review, applied, deployment.settle()), 0);
            } catch (Deployment.DeployFailed e) {
                return finish(DeployOutcome.failed(stack.environmentName(), review, applied, e), 1, e);
            }
        } finally {
            if (ownPlan != null) {
                Files.deleteIfExists(ownPlan);
            }
        }
    }

    private boolean confirmed(PrintWriter out) throws IOException {
        out.printf("%nApply this plan to %s? Only 'yes' is accepted: ", stack.environmentName());
        out.flush();
        String answer = input.readLine();
        if (answer == null) {
            out.println();
            out.println("No answer (standard input is closed): pass --auto-approve to apply without asking.");
        }
        return answer != null && answer.trim().equals("yes");
    }

    private int finish(DeployOutcome outcome, int exitCode) throws IOException {
        return finish(outcome, exitCode, null);
    }

    private int finish(DeployOutcome outcome, int exitCode, Deployment.DeployFailed failure) throws IOException {
        if (output != null) {
            Files.writeString(output, outcome.toMarkdown());
        }
        PrintWriter err = spec.commandLine().getErr();
        if (failure != null && !failure.shown()) {
            err.println(failure.output());
        }
        (exitCode == 0 ? spec.commandLine().getOut() : err).println(outcome.summary());
        return exitCode;
    }
}
