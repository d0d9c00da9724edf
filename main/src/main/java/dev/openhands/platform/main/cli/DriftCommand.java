package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.review.DriftDetector;
import dev.openhands.platform.main.review.DriftReport;
import dev.openhands.platform.main.stacks.PlatformApp;
import dev.openhands.platform.main.terraform.TerraformCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "drift", description = "Report what changed in an environment's live infrastructure outside Terraform"
    + " (read-only refresh-only plan, no lock). Exit 0: no drift; 2: drift; 1: error.")
final class DriftCommand implements Callable<Integer> {

    enum Format { text, markdown, json }

    @Parameters(paramLabel = "ENV", description = "The environment.")
    String environment;

    @Option(names = "--environments", paramLabel = "DIR", defaultValue = "environments",
        description = "Directory of environment files (default: ${DEFAULT-VALUE}).")
    Path environments;

    @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--workdir", paramLabel = "DIR",
        description = "An initialised Terraform directory of this environment's stack to use as it is,"
            + " instead of synthesizing into cdktf.out/ and running terraform init.")
    Path workdir;

    @Mixin
    ReportDestination destination;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TerraformCli terraform = TerraformCli.locate();
        Path stackDir = workdir;
        if (stackDir == null) {
            EnvironmentConfig env = EnvironmentLoader.load(environments, List.of(environment)).get(0);
            Path outdir = Path.of("cdktf.out");
            PlatformApp.synthesize(List.of(env), outdir);
            stackDir = outdir.resolve("stacks").resolve(env.name());
            TerraformCli.Result init = terraform.run(stackDir, Duration.ofMinutes(10), Map.of(), "init", "-input=false", "-no-color");
            if (init.exitCode() != 0) {
                spec.commandLine().getErr().println("error: terraform init failed in " + stackDir + ":\n" + init.combined());
                return 1;
            }
        }
        DriftReport report = DriftDetector.detect(environment, terraform, stackDir, Map.of());
        String rendered = switch (format) {
            case text -> report.toText();
            case markdown -> report.toMarkdown();
            case json -> report.toJson();
        };
        destination.write(spec, rendered);
        return report.hasDrift() ? 2 : 0;
    }
}
