package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.review.DriftDetector;
import dev.openhands.platform.main.review.DriftReport;
import dev.openhands.platform.main.terraform.TerraformCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "drift", description = "Report what changed in an environment's live infrastructure outside Terraform"
    + " (read-only refresh-only plan, no lock). Exit 0: no drift; 2: drift; 1: error.")
final class DriftCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Mixin
    ReportFormat format;

    @Mixin
    ReportDestination destination;

    @Override
    public Integer call() throws Exception {
        TerraformCli terraform = TerraformCli.locate();
        Path stackDir = stack.prepare(terraform);
        DriftReport report = DriftDetector.detect(stack.environmentName(), terraform, stackDir, Map.of());
        destination.write(format.render(report::toText, report::toMarkdown, report::toJson));
        return report.hasDrift() ? 2 : 0;
    }
}
