package dev.openhands.platform.main.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a report goes: a file named with {@code -o}, else standard output. */
final class ReportDestination {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path output;

    void write(CommandSpec spec, String report) throws IOException {
        if (output != null) {
            Files.writeString(output, report);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
    }
}
