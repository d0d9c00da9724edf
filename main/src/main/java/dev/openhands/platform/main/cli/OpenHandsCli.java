package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The operator entry point: {@code openhands synth|validate|schema|emulator|drift|plan-review|plan-compare|deploy ...}. */
@Command(name = "openhands", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    version = "openhands-platform 0.1.0",
    description = "Synthesizes and checks the OpenHands-on-AWS Terraform stacks.",
    subcommands = {SynthCommand.class, ValidateCommand.class, SchemaCommand.class, EmulatorCommand.class, DriftCommand.class,
        PlanReviewCommand.class, PlanCompareCommand.class, DeployCommand.class, CostCommand.class, DoctorCommand.class,
        CommandLine.HelpCommand.class})
public final class OpenHandsCli {

    /** Exit code for invalid environment configuration. */
    public static final int EXIT_INVALID_CONFIG = 2;

    public static void main(String[] args) {
        dev.openhands.platform.main.stacks.SynthTimings.jvmStarted();
        if (args.length > 0 && args[0].equals("synth") && !asksForHelpOrVersion(args)) {
            JsiiWarmUp.startEarly();
        }
        int exitCode = run(args);
        JsiiWarmUp.settleUnclaimed();
        // Through jsii's own launcher (OPENHANDS_JSII_DIRECT=off), jsii's Java runtime leaves its unpacked Node entry
        // point in the temp directory at every run; the direct launcher unpacks nothing.
        JsiiRuntimeDirectory.deleteAtExit();
        System.exit(exitCode);
    }

    private static boolean asksForHelpOrVersion(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return true;
            }
        }
        return false;
    }

    public static int run(String... args) {
        return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err);
    }

    /** @param in where commands that ask (deploy's confirmation) read the answer */
    public static CommandLine newCommandLine(BufferedReader in, PrintWriter out, PrintWriter err) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == DeployCommand.class ? type.cast(new DeployCommand(in)) : defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new OpenHandsCli(), factory);
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
