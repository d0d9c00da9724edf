package dev.openhands.platform.main.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a plan does to the infrastructure, and nothing else: per resource its address, its action (create, update,
 * replace, delete, move), the address it moves from, the attributes that force a replacement, and the value it plans
 * for every attribute it sets, held as a digest so that no secret leaves the plan file. Data-source reads and output
 * values are left out: they change nothing.
 *
 * <p>The JSON of a plan also carries a timestamp, the refreshed prior state, the configuration and the drift Terraform
 * saw, so two plans of the same change never have the same bytes; their change sets are equal.
 */
public record ChangeSet(List<Entry> entries) {

    /** The planned value of an attribute Terraform learns only while applying. */
    public static final String UNKNOWN = "(known after apply)";

    private static final String UNKNOWN_MARK = "\u0000" + UNKNOWN;
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public ChangeSet {
        entries = entries.stream().sorted(Comparator.comparing(Entry::address)).toList();
    }

    /**
     * @param planned attribute path to a digest of its planned value (or {@link #UNKNOWN}): for a create or a replace
     *                every attribute of the new object, for an update the attributes that change
     */
    public record Entry(String address, String previousAddress, String action, List<String> replacePaths,
                        SortedMap<String, String> planned) {
        public Entry {
            replacePaths = List.copyOf(replacePaths);
            planned = new TreeMap<>(planned);
        }

        /** A create or a replace: Terraform builds a new object, which must be the reviewed one in every value. */
        boolean buildsAnObject() {
            return action.equals("create") || action.equals("replace");
        }
    }

    public static ChangeSet fromPlan(JsonNode plan) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode rc : plan.path("resource_changes")) {
            JsonNode change = rc.path("change");
            String previous = rc.hasNonNull("previous_address") ? rc.get("previous_address").asText() : null;
            String action = PlanReview.action(PlanJson.strings(change.path("actions")), previous != null);
            if (action.equals("no-op") || action.equals("read")) {
                continue;
            }
            String address = rc.path("address").asText()
                + (rc.hasNonNull("deposed") ? " (deposed object " + rc.get("deposed").asText() + ")" : "");
            SortedMap<String, String> planned = new TreeMap<>();
            if (!action.equals("delete") && !action.equals("move")) {
                JsonNode after = withUnknownsMarked(change.get("after"), change.get("after_unknown"));
                JsonNode before = action.equals("update") ? change.get("before") : null;
                for (PlanJson.AttributeChange c : PlanJson.differences(before, after)) {
                    planned.put(c.path(), valueDigest(c.after()));
                }
            }
            entries.add(new Entry(address, previous, action, PlanJson.strings(change.path("replace_paths")), planned));
        }
        return new ChangeSet(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** {@code sha256:} and the hex digest of the whole change set; equal for two plans of the same change. */
    public String digest() {
        StringBuilder canonical = new StringBuilder();
        for (Entry e : entries) {
            canonical.append(e.address()).append('\t').append(Objects.toString(e.previousAddress(), "")).append('\t')
                .append(e.action()).append('\t').append(String.join(",", e.replacePaths())).append('\n');
            e.planned().forEach((path, value) -> canonical.append("  ").append(path).append('=').append(value).append('\n'));
        }
        return "sha256:" + sha256(canonical.toString());
    }

    /** The first 12 hex digits of {@link #digest()}, as reviews and deploy reports show it. */
    public String shortDigest() {
        return digest().substring(0, "sha256:".length() + 12);
    }

    Map<String, Entry> byAddress() {
        Map<String, Entry> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.address(), e));
        return map;
    }

    private static String valueDigest(JsonNode value) {
        if (value != null && value.isTextual() && value.textValue().equals(UNKNOWN_MARK)) {
            return UNKNOWN;
        }
        try {
            Object plain = value == null ? null : CANONICAL.treeToValue(value, Object.class);
            return sha256(CANONICAL.writeValueAsString(plain)).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code after} with every value {@code after_unknown} marks as unknown replaced by a marker. */
    static JsonNode withUnknownsMarked(JsonNode after, JsonNode unknown) {
        if (unknown == null || unknown.isNull() || unknown.isMissingNode() || (unknown.isBoolean() && !unknown.asBoolean())) {
            return after;
        }
        if (unknown.isBoolean()) {
            return TextNode.valueOf(UNKNOWN_MARK);
        }
        if (unknown.isObject()) {
            ObjectNode out = after != null && after.isObject() ? ((ObjectNode) after).deepCopy() : JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = unknown.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode marked = withUnknownsMarked(out.get(field.getKey()), field.getValue());
                if (marked != null) {
                    out.set(field.getKey(), marked);
                }
            }
            return out;
        }
        if (unknown.isArray()) {
            ArrayNode out = after != null && after.isArray() ? ((ArrayNode) after).deepCopy() : JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < unknown.size(); i++) {
                while (out.size() <= i) {
                    out.addNull();
                }
                JsonNode marked = withUnknownsMarked(out.get(i), unknown.get(i));
                out.set(i, marked == null ? JsonNodeFactory.instance.nullNode() : marked);
            }
            return out;
        }
        return after;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
