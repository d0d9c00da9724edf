package dev.openhands.platform.main.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reading Terraform's JSON plan representation ({@code terraform show -json PLANFILE}), format 1.x.
 */
public final class PlanJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {
    }

    /** The plan file could not be used; the message says why and what to do. */
    public static final class UnreadablePlanException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadablePlanException(String message) {
            super(message);
        }
    }

    /** One attribute that differs between two resource representations. */
    public record AttributeChange(String path, JsonNode before, JsonNode after) {
        public String describe() {
            return path + ": " + render(before) + " -> " + render(after);
        }

        static String render(JsonNode value) {
            if (value == null || value.isMissingNode()) {
                return "(absent)";
            }
            return value.isTextual() ? "\"" + value.textValue() + "\"" : value.toString();
        }
    }

    public static JsonNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UnreadablePlanException(file + ": no such file. Write the plan as JSON first: "
                + "terraform plan -out=plan.tfplan && terraform show -json plan.tfplan > plan.json");
        } catch (IOException e) {
            throw new UnreadablePlanException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            throw new UnreadablePlanException(file + " is a binary plan file, not its JSON form: run "
                + "terraform show -json " + file.getFileName() + " > plan.json and pass plan.json");
        }
        JsonNode plan;
        try {
            plan = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UnreadablePlanException(file + " is not JSON (" + e.getOriginalMessage() + "): pass the output of terraform show -json");
        } catch (IOException e) {
            throw new UnreadablePlanException(file + ": " + e.getMessage());
        }
        if (plan == null || !plan.isObject() || !plan.has("format_version") || !plan.has("terraform_version")
            || !(plan.has("resource_changes") || plan.has("planned_values") || plan.has("resource_drift"))) {
            throw new UnreadablePlanException(file + " is JSON but not a Terraform plan (no format_version, terraform_version"
                + " and resource_changes): pass the output of terraform show -json PLANFILE");
        }
        String version = plan.get("format_version").asText();
        if (!version.matches("^1\\.[0-9]+$")) {
            throw new UnreadablePlanException(file + " has plan format_version " + version
                + ", which this tool does not read (it reads 1.x, Terraform 1.0 and later)");
        }
        return plan;
    }

    /** Leaf-level differences between two JSON values, with dotted/indexed paths. */
    public static List<AttributeChange> differences(JsonNode before, JsonNode after) {
        List<AttributeChange> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<AttributeChange> out) {
        boolean beforeMissing = before == null || before.isMissingNode() || before.isNull();
        boolean afterMissing = after == null || after.isMissingNode() || after.isNull();
        if (beforeMissing && afterMissing) {
            return;
        }
        // An absent map or object against a present one is compared key by key, so a tag added to a resource whose
        // state records tags as null reads tags.Owner, like a tag added beside others (and tags_all.Owner is its echo).
        boolean beforeObject = beforeMissing || before.isObject();
        boolean afterObject = afterMissing || after.isObject();
        if (beforeObject && afterObject) {
            TreeSet<String> keys = new TreeSet<>();
            if (!beforeMissing) {
                before.fieldNames().forEachRemaining(keys::add);
            }
            if (!afterMissing) {
                after.fieldNames().forEachRemaining(keys::add);
            }
            for (String key : keys) {
                diff(path.isEmpty() ? key : path + "." + key, beforeMissing ? null : before.get(key),
                    afterMissing ? null : after.get(key), out);
            }
            return;
        }
        if (!beforeMissing && !afterMissing && before.isArray() && after.isArray() && before.size() == after.size()) {
            for (int i = 0; i < before.size(); i++) {
                diff(path + "[" + i + "]", before.get(i), after.get(i), out);
            }
            return;
        }
        if (beforeMissing || afterMissing || !before.equals(after)) {
            if (isEmptyCollection(before) && isEmptyCollection(after)) {
                return;
            }
            out.add(new AttributeChange(path.isEmpty() ? "(resource)" : path, before, after));
        }
    }

    private static boolean isEmptyCollection(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.isArray() ? joinPath(n) : n.asText()));
        }
        return out;
    }

    /** A replace path such as {@code ["root_block_device", 0, "kms_key_id"]} as {@code root_block_device[0].kms_key_id}. */
    static String joinPath(JsonNode steps) {
        StringBuilder out = new StringBuilder();
        for (JsonNode step : steps) {
            if (step.isNumber()) {
                out.append('[').append(step.asInt()).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(step.asText());
            }
        }
        return out.toString();
    }
}
