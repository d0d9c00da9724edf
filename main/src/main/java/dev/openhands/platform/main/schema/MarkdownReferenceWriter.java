package dev.openhands.platform.main.schema;

import dev.openhands.platform.main.schema.Spec.ArraySpec;
import dev.openhands.platform.main.schema.Spec.BooleanSpec;
import dev.openhands.platform.main.schema.Spec.Field;
import dev.openhands.platform.main.schema.Spec.IntegerSpec;
import dev.openhands.platform.main.schema.Spec.MapSpec;
import dev.openhands.platform.main.schema.Spec.ObjectSpec;
import dev.openhands.platform.main.schema.Spec.StringSpec;

import java.util.Map;

/** Writes the field reference table of a {@link Spec}: one row per field, nested fields as dotted paths. */
public final class MarkdownReferenceWriter {

    private MarkdownReferenceWriter() {
    }

    public static String write(ObjectSpec root) {
        StringBuilder out = new StringBuilder();
        out.append("| Field | Type | Required | Default | Description |\n");
        out.append("|---|---|---|---|---|\n");
        rows(out, "", root);
        return out.toString();
    }

    private static void rows(StringBuilder out, String prefix, ObjectSpec object) {
        for (Map.Entry<String, Field> entry : object.fields().entrySet()) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            Spec spec = entry.getValue().spec();
            out.append("| `").append(path).append("` | ").append(type(spec)).append(" | ")
                .append(entry.getValue().required() ? "yes" : "no").append(" | ")
                .append(defaultOf(spec)).append(" | ")
                .append(escape(spec.description())).append(constraints(spec)).append(" |\n");
            if (spec instanceof ObjectSpec nested) {
                rows(out, path, nested);
            } else if (spec instanceof ArraySpec array && array.items() instanceof ObjectSpec items) {
                rows(out, path + "[]", items);
            }
        }
    }

    private static String type(Spec spec) {
        if (spec instanceof ObjectSpec) {
            return "object";
        }
        if (spec instanceof MapSpec map) {
            return "map of " + type(map.values());
        }
        if (spec instanceof ArraySpec array) {
            return "list of " + type(array.items());
        }
        if (spec instanceof IntegerSpec) {
            return "integer";
        }
        if (spec instanceof Spec.NumberSpec) {
            return "number";
        }
        return spec instanceof BooleanSpec ? "boolean" : "string";
    }

    private static String defaultOf(Spec spec) {
        if (spec instanceof StringSpec s && s.defaultValue() != null) {
            return "`" + s.defaultValue() + "`";
        }
        if (spec instanceof IntegerSpec i && i.defaultValue() != null) {
            return "`" + i.defaultValue() + "`";
        }
        if (spec instanceof BooleanSpec b && b.defaultValue() != null) {
            return "`" + b.defaultValue() + "`";
        }
        if (spec instanceof Spec.NumberSpec n && n.defaultValue() != null) {
            return "`" + n.defaultValue() + "`";
        }
        return "";
    }

    private static String constraints(Spec spec) {
        if (spec instanceof StringSpec s && !s.allowed().isEmpty()) {
            return " One of: " + String.join(", ", s.allowed().stream().map(v -> "`" + v + "`").toList()) + ".";
        }
        if (spec instanceof IntegerSpec i) {
            return i.allowed().isEmpty() ? " Range " + i.minimum() + "–" + i.maximum() + "." : " One of: " + i.allowed() + ".";
        }
        if (spec instanceof Spec.NumberSpec n) {
            return " Range " + n.minimum() + "–" + n.maximum() + " in steps of " + n.step() + ".";
        }
        if (spec instanceof ArraySpec a && a.minItems() > 0) {
            return " At least " + a.minItems() + " entr" + (a.minItems() == 1 ? "y" : "ies") + ".";
        }
        return "";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
