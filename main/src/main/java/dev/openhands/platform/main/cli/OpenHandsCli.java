package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The operator entry point: {@code openhands synth|validate|schema|emulator ...}. */
@Command(name = "openhands", mixinStandardHelpOptions = true, version = "openhands-platform 0.1.0",
    description = "Synthesizes and checks the OpenHands-on-AWS Terraform stacks.",
    subcommands = {SynthCommand.class, ValidateCommand.class, SchemaCommand.class, EmulatorCommand.class, DriftCommand.class,
        PlanReviewCommand.class, PlanCompareCommand.class,
        CommandLine.HelpCommand.class})
public final class OpenHandsCli {

    /** Exit code for invalid environment configuration. */
    public static final int EXIT_INVALID_CONFIG = 2;

    public static void main(String[] args) {
        dev.openhands.platform.main.stacks.SynthTimings.jvmStarted();
        int exitCode = run(args);
        // jsii's Java runtime leaves its unpacked Node entry point in the temp directory at every run.
        JsiiRuntimeDirectory.deleteAtExit();
        System.exit(exitCode);
    }

    public static int run(String... args) {
        return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new OpenHandsCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof InvalidConfigException invalid) {
                e.println("Invalid environment configuration (" + invalid.problems().size() + " problem"
                    + (invalid.problems().size() == 1 ? "" : "s") + "); nothing was written:");
                invalid.problems().forEach(p -> e.println("  " + p));
                e.flush();
                return EXIT_INVALID_CONFIG;
            }
            e.println("error: " + ex.getMessage());
            if (System.getenv("OPENHANDS_DEBUG") != null) {
                ex.printStackTrace(e);
            }
            e.flush();
            return 1;
        });
        return cli;
    }
}
