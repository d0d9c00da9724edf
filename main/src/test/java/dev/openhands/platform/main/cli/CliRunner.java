package dev.openhands.platform.main.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/** Runs the operator CLI in-process, capturing its output, as tests in any package need. */
public final class CliRunner {

    public record Run(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    public static Run run(String... args) {
        return runWithInput("", args);
    }

    /** Runs with {@code input} as what the operator types (standard input). */
    public static Run runWithInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OpenHandsCli.newCommandLine(new BufferedReader(new StringReader(input)), new PrintWriter(out, true),
            new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
