package dev.openhands.platform.main.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a report goes: a file named with {@code -o}, else standard output; and where the command says what failed. */
final class ReportDestination {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path output;

    /** The command this is mixed into: its standard output and error are the CLI's (captured in tests). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    void write(String report) throws IOException {
        if (output != null) {
            Files.writeString(output, report);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
    }

    /** A line on standard error: why the exit code is not 0, whatever the report's destination. */
    void complain(String line) {
        spec.commandLine().getErr().println(line);
    }
}
