package dev.openhands.platform.main.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.main.review.PlanComparison;
import dev.openhands.platform.main.review.PlanJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "plan-compare", description = "Check a plan about to be applied against the plan reviewed on the pull request"
    + " (both terraform show -json output): every change must be in the reviewed plan, the same action on the same address"
    + " setting the same attributes to the same planned values; reviewed changes already applied may be missing."
    + " Exit 0 reviewed; 4 not the reviewed plan; 1 on a bad plan file.")
final class PlanCompareCommand implements Callable<Integer> {

    /** Exit code when the plan holds a change that was not reviewed. */
    static final int EXIT_NOT_REVIEWED = 4;

    @Parameters(index = "0", paramLabel = "REVIEWED", description = "JSON of the plan reviewed on the pull request.")
    Path reviewedFile;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "JSON of the plan about to be applied.")
    Path currentFile;

    @Option(names = "--title", paramLabel = "NAME", description = "Heading of the report, e.g. the environment (default: the file name).")
    String title;

    @Mixin
    ReportDestination destination;

    @Override
    public Integer call() throws Exception {
        // An unreadable plan file throws: the CLI prints "error: <why and what to pass instead>" and exits 1.
        JsonNode reviewed = PlanJson.read(reviewedFile);
        JsonNode current = PlanJson.read(currentFile);
        PlanComparison comparison = PlanComparison.of(title != null ? title : currentFile.getFileName().toString(), reviewed, current);
        destination.write(comparison.toMarkdown());
        if (!comparison.isReviewed()) {
            destination.complain("not the reviewed plan: " + comparison.differences().size() + " change(s) differ: "
                + String.join(", ", comparison.differences().stream().map(PlanComparison.Difference::address).toList()));
            return EXIT_NOT_REVIEWED;
        }
        return 0;
    }
}
