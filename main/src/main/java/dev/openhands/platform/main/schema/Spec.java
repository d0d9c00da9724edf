package dev.openhands.platform.main.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small typed description of a JSON document. One description drives three things that must never disagree:
 * structural validation of environment files, the JSON Schema editors use, and the configuration reference.
 */
public sealed interface Spec {

    String description();

    /** A JSON string; {@code pattern} is checked with {@code hint} as the fix when it does not match. */
    record StringSpec(String description, String pattern, String hint, List<String> allowed, String defaultValue,
                      String example) implements Spec {
        public StringSpec {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }
    }

    record IntegerSpec(String description, long minimum, long maximum, Long defaultValue, List<Long> allowed) implements Spec {
        public IntegerSpec {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }
    }

    /** A JSON number in steps of {@code step} (e.g. Aurora capacity units in halves). */
    record NumberSpec(String description, double minimum, double maximum, Double defaultValue, double step) implements Spec {
    }

    record BooleanSpec(String description, Boolean defaultValue) implements Spec {
    }

    record ArraySpec(String description, Spec items, int minItems, int maxItems, boolean unique) implements Spec {
    }

    /** A JSON object with free keys whose values all follow {@code values} (e.g. tags). */
    record MapSpec(String description, String keyPattern, String keyHint, Spec values, int maxEntries) implements Spec {
    }

    /** A JSON object with a fixed set of fields; any other key is an error. */
    record ObjectSpec(String description, Map<String, Field> fields) implements Spec {
        public ObjectSpec {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    record Field(Spec spec, boolean required) {
    }

    static ObjectBuilder object(String description) {
        return new ObjectBuilder(description);
    }

    /** Builds an {@link ObjectSpec} keeping field order, which is also the order of the docs. */
    final class ObjectBuilder {
        private final String description;
        private final Map<String, Field> fields = new LinkedHashMap<>();

        private ObjectBuilder(String description) {
            this.description = description;
        }

        public ObjectBuilder required(String name, Spec spec) {
            fields.put(name, new Field(spec, true));
            return this;
        }

        public ObjectBuilder optional(String name, Spec spec) {
            fields.put(name, new Field(spec, false));
            return this;
        }

        public ObjectSpec build() {
            return new ObjectSpec(description, fields);
        }
    }
}
