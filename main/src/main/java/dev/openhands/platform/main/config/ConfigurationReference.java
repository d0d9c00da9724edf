package dev.openhands.platform.main.config;

import dev.openhands.platform.main.schema.JsonSchemaWriter;
import dev.openhands.platform.main.schema.MarkdownReferenceWriter;

/** The generated artefacts of {@link EnvironmentSchema}: the editor schema and the docs table. */
public final class ConfigurationReference {

    public static final String SCHEMA_PATH = "environments/" + EnvironmentSchema.SCHEMA_FILE;
    public static final String DOCS_PATH = "docs/configuration.md";
    static final String BEGIN = "<!-- BEGIN GENERATED FIELD TABLE: `openhands schema` rewrites this block -->";
    static final String END = "<!-- END GENERATED FIELD TABLE -->";

    private ConfigurationReference() {
    }

    public static String jsonSchema() {
        return JsonSchemaWriter.write(EnvironmentSchema.ROOT, EnvironmentSchema.SCHEMA_ID, "OpenHands on AWS environment");
    }

    /** {@code docs} with the block between the markers replaced by the current field table. */
    public static String docsWithTable(String docs) {
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(DOCS_PATH + " lacks the generated-table markers " + BEGIN + " ... " + END);
        }
        return docs.substring(0, begin + BEGIN.length()) + "\n" + MarkdownReferenceWriter.write(EnvironmentSchema.ROOT)
            + docs.substring(end);
    }
}
