package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.ConfigurationReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "schema", description = "Regenerate environments/environment.schema.json and the field table in docs/configuration.md,"
    + " or with --check fail when they are out of date.")
final class SchemaCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".", description = "Repository root (default: current directory).")
    Path root;

    @Option(names = "--check", description = "Only compare; exit 1 when a file differs from what the schema produces.")
    boolean check;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path schemaFile = root.resolve(ConfigurationReference.SCHEMA_PATH);
        Path docsFile = root.resolve(ConfigurationReference.DOCS_PATH);
        String schema = ConfigurationReference.jsonSchema();
        String docs = ConfigurationReference.docsWithTable(Files.readString(docsFile));
        if (check) {
            boolean stale = !schema.equals(Files.readString(schemaFile)) || !docs.equals(Files.readString(docsFile));
            if (stale) {
                spec.commandLine().getErr().println("environment schema or docs/configuration.md is stale: run `openhands schema`");
                return 1;
            }
            spec.commandLine().getOut().println("schema and configuration reference are up to date");
            return 0;
        }
        Files.writeString(schemaFile, schema);
        Files.writeString(docsFile, docs);
        spec.commandLine().getOut().println("wrote " + schemaFile + " and " + docsFile);
        return 0;
    }
}
