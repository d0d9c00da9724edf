package dev.openhands.platform.main.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.main.review.PlanJson;
import dev.openhands.platform.main.review.PlanReview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "plan-review", description = "Summarise a plan (terraform show -json output) as Markdown for a pull request:"
    + " counts, changed resources, and every delete or replace with its reason; stateful ones are flagged as data-loss risks."
    + " Exit 0; 1 on a bad plan file; 3 with --fail-on-data-loss when a stateful resource is deleted or replaced.")
final class PlanReviewCommand implements Callable<Integer> {

    /** Exit code when --fail-on-data-loss finds a stateful delete or replace. */
    static final int EXIT_DATA_LOSS = 3;

    @Parameters(paramLabel = "PLANFILE", description = "JSON plan: terraform show -json plan.tfplan > plan.json")
    Path planFile;

    @Option(names = "--title", paramLabel = "NAME", description = "Heading of the summary, e.g. the environment (default: the file name).")
    String title;

    @Option(names = "--fail-on-data-loss", description = "Exit 3 when a stateful resource would be deleted or replaced.")
    boolean failOnDataLoss;

    @Mixin
    ReportDestination destination;

    @Override
    public Integer call() throws Exception {
        JsonNode plan;
        try {
            plan = PlanJson.read(planFile);
        } catch (PlanJson.UnreadablePlanException e) {
            destination.complain("error: " + e.getMessage());
            return 1;
        }
        PlanReview review = PlanReview.fromPlan(title != null ? title : planFile.getFileName().toString(), plan);
        String markdown = review.toMarkdown();
        destination.write(markdown);
        if (failOnDataLoss && !review.dataLossRisks().isEmpty()) {
            destination.complain("data-loss risk: " + review.dataLossRisks().size()
                + " stateful resource(s) deleted or replaced: "
                + String.join(", ", review.dataLossRisks().stream().map(PlanReview.Change::address).toList()));
            return EXIT_DATA_LOSS;
        }
        return 0;
    }
}
