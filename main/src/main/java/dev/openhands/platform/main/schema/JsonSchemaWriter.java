package dev.openhands.platform.main.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.schema.Spec.ArraySpec;
import dev.openhands.platform.main.schema.Spec.BooleanSpec;
import dev.openhands.platform.main.schema.Spec.IntegerSpec;
import dev.openhands.platform.main.schema.Spec.MapSpec;
import dev.openhands.platform.main.schema.Spec.ObjectSpec;
import dev.openhands.platform.main.schema.Spec.StringSpec;

/** Writes a {@link Spec} as a JSON Schema (draft 2020-12) for editors. */
public final class JsonSchemaWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonSchemaWriter() {
    }

    public static String write(ObjectSpec root, String id, String title) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", id);
        schema.put("title", title);
        ObjectNode body = node(root);
        ((ObjectNode) body.get("properties")).putObject("$schema")
            .put("type", "string")
            .put("description", "Path or URL of this schema, for editors.");
        schema.setAll(body);
        try {
            return JSON.writeValueAsString(schema) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode node(Spec spec) {
        ObjectNode out = JSON.createObjectNode();
        if (spec instanceof ObjectSpec object) {
            out.put("type", "object");
            out.put("description", object.description());
            out.put("additionalProperties", false);
            ObjectNode properties = out.putObject("properties");
            ArrayNode required = JSON.createArrayNode();
            object.fields().forEach((name, field) -> {
                properties.set(name, node(field.spec()));
                if (field.required()) {
                    required.add(name);
                }
            });
            if (!required.isEmpty()) {
                out.set("required", required);
            }
        } else if (spec instanceof MapSpec map) {
            out.put("type", "object");
            out.put("description", map.description());
            out.put("maxProperties", map.maxEntries());
            out.putObject("propertyNames").put("pattern", map.keyPattern());
            out.set("additionalProperties", node(map.values()));
        } else if (spec instanceof ArraySpec array) {
            out.put("type", "array");
            out.put("description", array.description());
            out.set("items", node(array.items()));
            out.put("minItems", array.minItems());
            if (array.maxItems() < Integer.MAX_VALUE) {
                out.put("maxItems", array.maxItems());
            }
            if (array.unique()) {
                out.put("uniqueItems", true);
            }
        } else if (spec instanceof StringSpec string) {
            out.put("type", "string");
            out.put("description", string.description());
            if (!string.allowed().isEmpty()) {
                ArrayNode values = out.putArray("enum");
                string.allowed().forEach(values::add);
            }
            if (string.pattern() != null) {
                out.put("pattern", string.pattern());
            }
            if (string.defaultValue() != null) {
                out.put("default", string.defaultValue());
            }
            if (string.example() != null) {
                out.putArray("examples").add(string.example());
            }
        } else if (spec instanceof IntegerSpec integer) {
            out.put("type", "integer");
            out.put("description", integer.description());
            if (!integer.allowed().isEmpty()) {
                ArrayNode values = out.putArray("enum");
                integer.allowed().forEach(values::add);
            } else {
                out.put("minimum", integer.minimum());
                out.put("maximum", integer.maximum());
            }
            if (integer.defaultValue() != null) {
                out.put("default", integer.defaultValue());
            }
        } else if (spec instanceof Spec.NumberSpec number) {
            out.put("type", "number");
            out.put("description", number.description());
            out.put("minimum", number.minimum());
            out.put("maximum", number.maximum());
            out.put("multipleOf", number.step());
            if (number.defaultValue() != null) {
                out.put("default", number.defaultValue());
            }
        } else if (spec instanceof BooleanSpec bool) {
            out.put("type", "boolean");
            out.put("description", bool.description());
            if (bool.defaultValue() != null) {
                out.put("default", bool.defaultValue());
            }
        }
        return out;
    }
}
