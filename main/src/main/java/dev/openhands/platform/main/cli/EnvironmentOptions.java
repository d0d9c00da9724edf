package dev.openhands.platform.main.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which environment files a command reads. */
final class EnvironmentOptions {

    @Option(names = "--environments", paramLabel = "DIR", defaultValue = "environments",
        description = "Directory of environment files (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Parameters(paramLabel = "ENV", arity = "0..*", description = "Environments to use (default: every file in the directory).")
    List<String> names = new ArrayList<>();
}
