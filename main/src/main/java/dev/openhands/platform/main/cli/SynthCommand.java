package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
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
        description = "Output directory (default: $CDKTF_OUTDIR, else cdktf.out).")
    Path output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        List<EnvironmentConfig> configs = EnvironmentLoader.load(environments.directory, environments.names);
        Path outdir = output != null ? output : defaultOutdir();
        PlatformApp.synthesize(configs, outdir);
        long millis = (System.nanoTime() - start) / 1_000_000;
        spec.commandLine().getOut().printf("Synthesized %s into %s in %d ms%n",
            String.join(", ", configs.stream().map(EnvironmentConfig::name).toList()), outdir, millis);
        return 0;
    }

    static Path defaultOutdir() {
        String fromCdktf = System.getenv("CDKTF_OUTDIR");
        return Path.of(fromCdktf != null && !fromCdktf.isBlank() ? fromCdktf : "cdktf.out");
    }
}
