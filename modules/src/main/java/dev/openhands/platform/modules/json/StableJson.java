package dev.openhands.platform.modules.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The one way this project turns Java values into JSON that ends up in a stack (policies, user data, container
 * definitions, lifecycle rules, settings files). The same input gives the same bytes in every JVM: maps and sets
 * must have a defined iteration order (insertion-ordered or sorted), and one without ({@code Map.of},
 * {@code HashMap}, {@code Set.of} with more than one entry) is refused before it can reach a stack. An unordered
 * map once changed the pilot's user data from one run to the next, which plans to replace the host.
 */
public final class StableJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    private StableJson() {
    }

    /** Compact JSON of {@code value} (maps, lists, sets, strings, numbers, booleans, null, Jackson trees). */
    public static String write(Object value) {
        requireDefinedOrder(value, "$");
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSON document (e.g. a file shipped with a module); its object fields keep their order. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An ordered map of the given key/value pairs, for small literal documents. */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("object(...) takes key/value pairs, got " + keysAndValues.length + " arguments");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("object(...) key " + i / 2 + " is not a string: " + keysAndValues[i]);
            }
            if (map.put(key, keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("object(...) repeats key " + key);
            }
        }
        return map;
    }

    private static void requireDefinedOrder(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() > 1 && !(map instanceof LinkedHashMap || map instanceof SortedMap)) {
                throw new IllegalArgumentException("unordered map at " + path + " (" + map.getClass().getName()
                    + "): its JSON would differ between runs; use a LinkedHashMap, a TreeMap or StableJson.object(...)");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                requireDefinedOrder(e.getValue(), path + "." + e.getKey());
            }
        } else if (value instanceof Collection<?> collection) {
            if (collection.size() > 1 && !(collection instanceof List || collection instanceof LinkedHashSet
                || collection instanceof SortedSet)) {
                throw new IllegalArgumentException("unordered collection at " + path + " (" + collection.getClass().getName()
                    + "): its JSON would differ between runs; use a List, a LinkedHashSet or a TreeSet");
            }
            int i = 0;
            for (Object element : collection) {
                requireDefinedOrder(element, path + "[" + i++ + "]");
            }
        }
    }
}
