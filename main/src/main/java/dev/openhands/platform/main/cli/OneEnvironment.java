package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** The one environment a command works on ({@code ENV}) and where its file is; see {@link EnvironmentOptions} for several. */
final class OneEnvironment {

    /** Where commands synthesize an environment unless told to use a directory of their own. */
    static final Path SYNTH_DIR = Path.of("cdktf.out");

    @Parameters(paramLabel = "ENV", description = "The environment.")
    String name;

    @Option(names = "--environments", paramLabel = "DIR", defaultValue = "environments",
        description = "Directory of environment files (default: ${DEFAULT-VALUE}).")
    Path directory;

    /** The environment's file, read and validated (every problem at once). */
    EnvironmentConfig load() {
        return EnvironmentLoader.load(directory, List.of(name)).get(0);
    }

    /** Synthesizes {@code env} into {@link #SYNTH_DIR} and returns that directory. */
    static Path synthesize(EnvironmentConfig env) {
        PlatformApp.synthesize(List.of(env), SYNTH_DIR);
        return SYNTH_DIR;
    }
}
