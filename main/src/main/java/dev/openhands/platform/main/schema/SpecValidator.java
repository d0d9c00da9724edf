package dev.openhands.platform.main.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.main.config.ConfigProblem;
import dev.openhands.platform.main.schema.Spec.ArraySpec;
import dev.openhands.platform.main.schema.Spec.BooleanSpec;
import dev.openhands.platform.main.schema.Spec.Field;
import dev.openhands.platform.main.schema.Spec.IntegerSpec;
import dev.openhands.platform.main.schema.Spec.MapSpec;
import dev.openhands.platform.main.schema.Spec.ObjectSpec;
import dev.openhands.platform.main.schema.Spec.StringSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a parsed JSON document against a {@link Spec}, collecting every structural problem. */
public final class SpecValidator {

    /** Keys editors use that carry no configuration. */
    private static final Set<String> IGNORED_ROOT_KEYS = Set.of("$schema");

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private SpecValidator(String file) {
        this.file = file;
    }

    public static List<ConfigProblem> validate(String file, JsonNode document, ObjectSpec spec) {
        SpecValidator validator = new SpecValidator(file);
        validator.check("$", document, spec, true);
        return List.copyOf(validator.problems);
    }

    private void problem(String path, String message, String fix) {
        problems.add(new ConfigProblem(file, path, message, fix));
    }

    private void check(String path, JsonNode node, Spec spec, boolean root) {
        if (spec instanceof ObjectSpec object) {
            checkObject(path, node, object, root);
        } else if (spec instanceof MapSpec map) {
            checkMap(path, node, map);
        } else if (spec instanceof ArraySpec array) {
            checkArray(path, node, array);
        } else if (spec instanceof StringSpec string) {
            checkString(path, node, string);
        } else if (spec instanceof IntegerSpec integer) {
            checkInteger(path, node, integer);
        } else if (spec instanceof Spec.NumberSpec number) {
            checkNumber(path, node, number);
        } else if (!node.isBoolean()) {
            problem(path, "expected true or false, found " + describe(node) + ".", "write true or false without quotes.");
        }
    }

    private void checkObject(String path, JsonNode node, ObjectSpec spec, boolean root) {
        if (!node.isObject()) {
            problem(path, "expected an object, found " + describe(node) + ".", "write a JSON object { ... } with the fields "
                + String.join(", ", spec.fields().keySet()) + ".");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = entry.getKey();
            Field field = spec.fields().get(key);
            String child = join(path, key);
            if (field == null) {
                if (root && IGNORED_ROOT_KEYS.contains(key)) {
                    continue;
                }
                String suggestion = closest(key, spec.fields().keySet());
                problem(child, "unknown field '" + key + "'.", suggestion != null
                    ? "did you mean '" + suggestion + "'? Known fields here: " + String.join(", ", spec.fields().keySet()) + "."
                    : "remove it; known fields here: " + String.join(", ", spec.fields().keySet()) + ".");
                continue;
            }
            check(child, entry.getValue(), field.spec(), false);
        }
        spec.fields().forEach((name, field) -> {
            if (field.required() && !node.has(name)) {
                problem(join(path, name), "required field is missing.", "add \"" + name + "\": " + example(field.spec()) + ".");
            }
        });
    }

    private void checkMap(String path, JsonNode node, MapSpec spec) {
        if (!node.isObject()) {
            problem(path, "expected an object of key/value pairs, found " + describe(node) + ".", "write { \"key\": \"value\" }.");
            return;
        }
        if (node.size() > spec.maxEntries()) {
            problem(path, "has " + node.size() + " entries, more than " + spec.maxEntries() + ".", "keep at most " + spec.maxEntries() + ".");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String child = join(path, entry.getKey());
            if (!entry.getKey().matches(spec.keyPattern())) {
                problem(child, "key '" + entry.getKey() + "' is not allowed.", spec.keyHint());
            }
            check(child, entry.getValue(), spec.values(), false);
        }
    }

    private void checkArray(String path, JsonNode node, ArraySpec spec) {
        if (!node.isArray()) {
            problem(path, "expected a list, found " + describe(node) + ".", "write a JSON list such as [" + example(spec.items()) + "].");
            return;
        }
        if (node.size() < spec.minItems()) {
            problem(path, "has " + node.size() + " entries, needs at least " + spec.minItems() + ".",
                "list at least " + spec.minItems() + ", e.g. [" + example(spec.items()) + "].");
        }
        if (node.size() > spec.maxItems()) {
            problem(path, "has " + node.size() + " entries, more than " + spec.maxItems() + ".", "list at most " + spec.maxItems() + ".");
        }
        Set<JsonNode> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (spec.unique() && !seen.add(item)) {
                problem(path + "[" + i + "]", item + " is listed twice.", "remove the duplicate.");
            }
            check(path + "[" + i + "]", item, spec.items(), false);
        }
    }

    private void checkString(String path, JsonNode node, StringSpec spec) {
        if (!node.isTextual()) {
            problem(path, "expected a string, found " + describe(node) + ".", "write it in double quotes, e.g. " + example(spec) + ".");
            return;
        }
        String value = node.textValue();
        if (!spec.allowed().isEmpty() && !spec.allowed().contains(value)) {
            problem(path, "'" + value + "' is not one of the allowed values.", "use one of: " + String.join(", ", spec.allowed()) + ".");
            return;
        }
        if (spec.pattern() != null && !value.matches(spec.pattern())) {
            problem(path, "'" + value + "' is not valid here.", spec.hint());
        }
    }

    private void checkInteger(String path, JsonNode node, IntegerSpec spec) {
        if (!node.isIntegralNumber()) {
            problem(path, "expected a whole number, found " + describe(node) + ".", "write a number without quotes, e.g. "
                + (spec.defaultValue() != null ? spec.defaultValue() : spec.minimum()) + ".");
            return;
        }
        long value = node.longValue();
        if (!spec.allowed().isEmpty() && !spec.allowed().contains(value)) {
            problem(path, value + " is not an accepted value.", "use one of: " + spec.allowed() + ".");
        } else if (value < spec.minimum() || value > spec.maximum()) {
            problem(path, value + " is out of range.", "use a whole number from " + spec.minimum() + " to " + spec.maximum() + ".");
        }
    }

    private void checkNumber(String path, JsonNode node, Spec.NumberSpec spec) {
        if (!node.isNumber()) {
            problem(path, "expected a number, found " + describe(node) + ".", "write a number without quotes, e.g. "
                + (spec.defaultValue() != null ? spec.defaultValue() : spec.minimum()) + ".");
            return;
        }
        double value = node.doubleValue();
        if (value < spec.minimum() || value > spec.maximum()) {
            problem(path, value + " is out of range.", "use a number from " + spec.minimum() + " to " + spec.maximum() + ".");
        } else if (Math.abs(value / spec.step() - Math.rint(value / spec.step())) > 1e-9) {
            problem(path, value + " is not a multiple of " + spec.step() + ".", "use steps of " + spec.step() + ", e.g. "
                + Math.rint(value / spec.step()) * spec.step() + ".");
        }
    }

    static String example(Spec spec) {
        if (spec instanceof StringSpec s) {
            return "\"" + (s.example() != null ? s.example() : s.defaultValue() != null ? s.defaultValue()
                : !s.allowed().isEmpty() ? s.allowed().get(0) : "...") + "\"";
        }
        if (spec instanceof IntegerSpec i) {
            return String.valueOf(i.defaultValue() != null ? i.defaultValue() : i.minimum());
        }
        if (spec instanceof BooleanSpec b) {
            return String.valueOf(b.defaultValue() != null ? b.defaultValue() : Boolean.TRUE);
        }
        if (spec instanceof Spec.NumberSpec n) {
            return String.valueOf(n.defaultValue() != null ? n.defaultValue() : n.minimum());
        }
        if (spec instanceof ArraySpec a) {
            return "[" + example(a.items()) + "]";
        }
        return spec instanceof MapSpec ? "{}" : "{ ... }";
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isNumber()) {
            return "the number " + node;
        }
        if (node.isBoolean()) {
            return node.toString();
        }
        return node.isArray() ? "a list" : "an object";
    }

    private static String join(String path, String key) {
        return path.equals("$") ? key : path + "." + key;
    }

    /** The known name within edit distance 3 of a misspelt key, if any. */
    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : known) {
            int d = distance(key.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
