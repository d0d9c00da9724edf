package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.emulator.EmulatorDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "emulator", description = "Deploy environments to a local AWS emulator (moto_server on loopback) as deploy"
    + " does (plan, apply, settle), check that a second plan is empty, destroy. Needs terraform and moto_server; no AWS account.")
final class EmulatorCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions environments;

    @Option(names = "--keep", description = "Do not destroy: keep the emulator running with the applied resources (poke it with"
        + " `aws --endpoint-url`) until Enter is pressed or standard input closes.")
    boolean keep;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<EnvironmentConfig> configs = EnvironmentLoader.load(environments.directory, environments.names);
        PrintWriter out = spec.commandLine().getOut();
        for (EnvironmentConfig config : configs) {
            EmulatorDeployment.Report report = EmulatorDeployment.run(config, keep, out,
                workspace -> {
                    if (keep) {
                        waitForEnter();
                    }
                });
            out.printf("%s: %d resources deployed in %d s, converged, %s (work directory %s)%n", report.environment(),
                report.resources(), report.apply().toSeconds(), report.destroyed() ? "destroyed" : "kept", report.workdir());
        }
        return 0;
    }

    private static void waitForEnter() {
        System.out.println("Press Enter to stop the emulator.");
        try {
            System.in.read();
        } catch (java.io.IOException ignored) {
            // standard input is gone: stop now
        }
    }
}
