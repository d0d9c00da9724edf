package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", description = "Check environment files without synthesizing (exit 2 when invalid).")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions environments;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<EnvironmentConfig> configs = EnvironmentLoader.load(environments.directory, environments.names);
        for (EnvironmentConfig config : configs) {
            spec.commandLine().getOut().println(config.sourceFile() + ": valid");
        }
        return 0;
    }
}
