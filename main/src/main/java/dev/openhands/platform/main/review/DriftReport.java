package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.review.PlanJson.AttributeChange;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed in the live infrastructure since Terraform last wrote state: the {@code resource_drift} section of
 * a refresh-only plan, resource by resource, attribute path by attribute path.
 */
public record DriftReport(String environment, List<DriftedResource> resources) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DriftReport {
        resources = List.copyOf(resources);
    }

    /** {@code change} is "update" or "delete" (deleted outside Terraform). */
    public record DriftedResource(String address, String type, String change, List<AttributeChange> attributes) {
        public DriftedResource {
            attributes = List.copyOf(attributes);
        }
    }

    public boolean hasDrift() {
        return !resources.isEmpty();
    }

    /**
     * Every resource of the plan's {@code resource_drift} with a difference left to show. Terraform lists a resource
     * there when any byte of its refreshed object differs, including differences that mean nothing: {@code null}
     * against an empty map or list (the provider reads back {@code tags = {}} where state has {@code null}), or a
     * {@code tags_all} entry that only repeats a {@code tags} change. Those are left out, and a resource with nothing
     * left is not drift: it is not reported and does not count.
     */
    public static DriftReport fromPlan(String environment, JsonNode plan) {
        List<DriftedResource> drifted = new ArrayList<>();
        for (JsonNode entry : plan.path("resource_drift")) {
            JsonNode change = entry.path("change");
            List<String> actions = PlanJson.strings(change.path("actions"));
            String kind = actions.contains("delete") ? "delete" : "update";
            List<AttributeChange> attributes = kind.equals("delete") ? List.of()
                : withoutTagsAllEchoes(PlanJson.differences(change.path("before"), change.path("after")));
            if (kind.equals("update") && attributes.isEmpty()) {
                continue;
            }
            drifted.add(new DriftedResource(entry.path("address").asText(), entry.path("type").asText(), kind, attributes));
        }
        return new DriftReport(environment, drifted);
    }

    /** tags_all repeats every tags change (plus default tags); keep it only where tags itself did not change. */
    private static List<AttributeChange> withoutTagsAllEchoes(List<AttributeChange> changes) {
        List<AttributeChange> out = new ArrayList<>();
        for (AttributeChange c : changes) {
            if (c.path().startsWith("tags_all.")) {
                String tagPath = "tags." + c.path().substring("tags_all.".length());
                if (changes.stream().anyMatch(o -> o.path().equals(tagPath))) {
                    continue;
                }
            }
            out.add(c);
        }
        return out;
    }

    public String toText() {
        if (!hasDrift()) {
            return environment + ": no drift: the live infrastructure matches the Terraform state.\n";
        }
        StringBuilder out = new StringBuilder(environment + ": " + resources.size() + " resource"
            + (resources.size() == 1 ? "" : "s") + " drifted from the Terraform state\n");
        for (DriftedResource r : resources) {
            out.append("  ").append(r.address()).append(r.change().equals("delete") ? " (deleted outside Terraform)" : "").append('\n');
            for (AttributeChange c : r.attributes()) {
                out.append("      ").append(c.describe()).append('\n');
            }
        }
        return out.toString();
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("## Drift in `" + environment + "`\n\n");
        if (!hasDrift()) {
            return out.append("No drift: the live infrastructure matches the Terraform state.\n").toString();
        }
        out.append(resources.size()).append(" resource").append(resources.size() == 1 ? "" : "s")
            .append(" changed outside Terraform. Either apply the stack to put them back, or bring the change into the")
            .append(" code and apply that.\n\n");
        out.append("| Resource | Change | Attribute | Recorded in state | Live |\n|---|---|---|---|---|\n");
        for (DriftedResource r : resources) {
            if (r.attributes().isEmpty()) {
                out.append("| `").append(r.address()).append("` | ").append(r.change()).append(" | | | |\n");
            }
            for (AttributeChange c : r.attributes()) {
                out.append("| `").append(r.address()).append("` | ").append(r.change()).append(" | `").append(c.path())
                    .append("` | `").append(cell(AttributeChange.render(c.before()))).append("` | `")
                    .append(cell(AttributeChange.render(c.after()))).append("` |\n");
            }
        }
        return out.toString();
    }

    private static String cell(String text) {
        String flat = text.replace("|", "\\|").replace("`", "'").replace("\n", " ");
        return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("environment", environment);
        root.put("drift", hasDrift());
        ArrayNode list = root.putArray("resources");
        for (DriftedResource r : resources) {
            ObjectNode node = list.addObject();
            node.put("address", r.address());
            node.put("type", r.type());
            node.put("change", r.change());
            ArrayNode attrs = node.putArray("attributes");
            for (AttributeChange c : r.attributes()) {
                ObjectNode a = attrs.addObject();
                a.put("path", c.path());
                a.set("before", c.before() == null ? JSON.nullNode() : c.before());
                a.set("after", c.after() == null ? JSON.nullNode() : c.after());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
