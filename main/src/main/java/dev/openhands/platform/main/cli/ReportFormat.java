package dev.openhands.platform.main.cli;

import picocli.CommandLine.Option;

import java.util.function.Supplier;

/** How a report is written: {@code --format text}, {@code markdown} (a pull request comment) or {@code json} (tools). */
final class ReportFormat {

    enum Format { text, markdown, json }

    @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    /** The report in the chosen format; only that rendering runs. */
    String render(Supplier<String> text, Supplier<String> markdown, Supplier<String> json) {
        return switch (format) {
            case text -> text.get();
            case markdown -> markdown.get();
            case json -> json.get();
        };
    }
}
