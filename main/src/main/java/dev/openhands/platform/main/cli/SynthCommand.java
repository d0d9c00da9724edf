package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
import dev.openhands.platform.main.stacks.SandboxArtifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "synth", description = "Validate environment files, then synthesize their stacks into one output directory.")
final class SynthCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions environments;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
        description = "Output directory (default: cdktf.out; bin/openhands passes $CDKTF_OUTDIR here).")
    Path output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        JsiiWarmUp jsii = JsiiWarmUp.claim();
        List<EnvironmentConfig> configs;
        try {
            configs = EnvironmentLoader.load(environments.directory, environments.names);
            dev.openhands.platform.main.stacks.SynthTimings.mark("config-load");
            if (configs.stream().anyMatch(env -> env.platform() == EnvironmentConfig.Platform.ECS_FARGATE)) {
                // Hashing the orchestrator's jar (~25 MB, its content-addressed asset name) while jsii still starts,
                // instead of during construction.
                SandboxArtifact.locate();
                dev.openhands.platform.main.stacks.SynthTimings.mark("artifact-hash");
            }
        } catch (RuntimeException invalid) {
            jsii.settle();
            throw invalid;
        }
        jsii.await();
        dev.openhands.platform.main.stacks.SynthTimings.mark("jsii-wait");
        Path outdir = output != null ? output : Path.of("cdktf.out");
        PlatformApp.synthesize(configs, outdir);
        long millis = (System.nanoTime() - start) / 1_000_000;
        dev.openhands.platform.main.stacks.SynthTimings.total(start);
        spec.commandLine().getOut().printf("Synthesized %s into %s in %d ms%n",
            String.join(", ", configs.stream().map(EnvironmentConfig::name).toList()), outdir, millis);
        return 0;
    }
}
