package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pull-request summary of a Terraform plan: counts per action, the changed resources, and a loud section for
 * every delete or replace with Terraform's reason, where deleting or replacing a stateful resource is a data-loss risk.
 */
public record PlanReview(String title, String terraformVersion, List<Change> changes, int outputChanges, String changeSetDigest) {

    /**
     * Resource types that hold data a delete or replace destroys. Backed-up or not, a replace of one of these must be
     * a decision, not a side effect.
     */
    public static final Set<String> STATEFUL_TYPES = Set.of(
        "aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_instance", "aws_s3_bucket", "aws_efs_file_system",
        "aws_dynamodb_table", "aws_kms_key", "aws_secretsmanager_secret", "aws_cognito_user_pool", "aws_backup_vault",
        "aws_ecr_repository", "aws_cloudwatch_log_group", "aws_ebs_volume");

    public PlanReview {
        changes = List.copyOf(changes);
    }

    /**
     * @param action        create, update, delete, replace, read, move (a pure move), or no-op
     * @param reason        Terraform's action_reason, when it gives one
     * @param replacePaths  attributes that force the replacement
     */
    public record Change(String address, String previousAddress, String type, String action, String reason,
                         List<String> replacePaths, List<String> updatedAttributes) {
        public Change {
            replacePaths = List.copyOf(replacePaths);
            updatedAttributes = List.copyOf(updatedAttributes);
        }

        public boolean destructive() {
            return action.equals("delete") || action.equals("replace");
        }

        public boolean dataLossRisk() {
            return destructive() && STATEFUL_TYPES.contains(type);
        }

        public boolean moved() {
            return previousAddress != null && !previousAddress.equals(address);
        }
    }

    public static PlanReview fromPlan(String title, JsonNode plan) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode rc : plan.path("resource_changes")) {
            JsonNode change = rc.path("change");
            List<String> actions = PlanJson.strings(change.path("actions"));
            String previous = rc.hasNonNull("previous_address") ? rc.get("previous_address").asText() : null;
            String action = action(actions, previous != null);
            if (action.equals("no-op")) {
                continue;
            }
            List<String> updated = action.equals("update")
                ? PlanJson.differences(change.path("before"), change.path("after")).stream().map(PlanJson.AttributeChange::path)
                    .filter(p -> !p.startsWith("tags_all.") && !p.equals("tags_all")).distinct().toList()
                : List.of();
            changes.add(new Change(rc.path("address").asText(), previous, rc.path("type").asText(), action,
                rc.hasNonNull("action_reason") ? rc.get("action_reason").asText() : null,
                PlanJson.strings(change.path("replace_paths")), updated));
        }
        int outputs = 0;
        for (JsonNode output : plan.path("output_changes")) {
            if (!PlanJson.strings(output.path("actions")).contains("no-op")) {
                outputs++;
            }
        }
        return new PlanReview(title, plan.path("terraform_version").asText(), changes, outputs, ChangeSet.fromPlan(plan).shortDigest());
    }

    static String action(List<String> actions, boolean hasPrevious) {
        if (actions.contains("delete") && actions.contains("create")) {
            return "replace";
        }
        if (actions.size() == 1) {
            String only = actions.get(0);
            return only.equals("no-op") && hasPrevious ? "move" : only;
        }
        return String.join("+", actions);
    }

    public boolean noChanges() {
        return changes.isEmpty() && outputChanges == 0;
    }

    public List<Change> dataLossRisks() {
        return changes.stream().filter(Change::dataLossRisk).toList();
    }

    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String action : List.of("create", "update", "replace", "delete", "move", "read")) {
            counts.put(action, 0);
        }
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        changes.stream().filter(c -> c.moved() && !c.action().equals("move")).forEach(c -> counts.merge("move", 1, Integer::sum));
        return counts;
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("## Terraform plan: `").append(title).append("`\n\n");
        if (noChanges()) {
            return out.append("**No changes.** The infrastructure matches the configuration.\n").toString();
        }
        Map<String, Integer> counts = counts();
        out.append("| create | update | replace | delete | move | read |\n|---:|---:|---:|---:|---:|---:|\n|");
        for (String action : List.of("create", "update", "replace", "delete", "move", "read")) {
            out.append(' ').append(counts.get(action)).append(" |");
        }
        out.append("\n\n");
        if (outputChanges > 0) {
            out.append(outputChanges).append(" output value").append(outputChanges == 1 ? "" : "s").append(" change.\n\n");
        }

        List<Change> risks = dataLossRisks();
        if (!risks.isEmpty()) {
            out.append("### :rotating_light: DATA-LOSS RISK: ").append(risks.size()).append(" stateful resource")
                .append(risks.size() == 1 ? " is" : "s are").append(" deleted or replaced\n\n");
            out.append("These hold data (databases, buckets, file systems, keys, secrets, user pools, backups, images,")
                .append(" logs). Replacing one destroys its contents. Do not merge unless this is intended and the data")
                .append(" is backed up or migrated.\n\n");
            destructiveTable(out, risks);
        }
        List<Change> otherDestructive = changes.stream().filter(c -> c.destructive() && !c.dataLossRisk()).toList();
        if (!otherDestructive.isEmpty()) {
            out.append("### :warning: Deleted or replaced\n\n");
            destructiveTable(out, otherDestructive);
        }
        List<Change> moves = changes.stream().filter(Change::moved).toList();
        if (!moves.isEmpty()) {
            out.append("### Moved (no change to the infrastructure)\n\n| From | To |\n|---|---|\n");
            moves.forEach(m -> out.append("| `").append(m.previousAddress()).append("` | `").append(m.address()).append("` |\n"));
            out.append('\n');
        }
        out.append("### All changes\n\n| Action | Resource | Details |\n|---|---|---|\n");
        for (Change c : changes) {
            String details = c.action().equals("update") ? String.join(", ", c.updatedAttributes().stream().limit(8).toList())
                + (c.updatedAttributes().size() > 8 ? ", ..." : "")
                : c.action().equals("replace") ? "forced by " + String.join(", ", c.replacePaths()) : "";
            out.append("| ").append(c.action()).append(" | `").append(c.address()).append("` | ").append(details.isBlank() ? "" : "`" + details + "`")
                .append(" |\n");
        }
        out.append("\n<sub>Terraform ").append(terraformVersion).append(" · change set `").append(changeSetDigest)
            .append("` (a deploy applies no change outside this set)</sub>\n");
        return out.toString();
    }

    private static void destructiveTable(StringBuilder out, List<Change> changes) {
        out.append("| Action | Resource | Why |\n|---|---|---|\n");
        for (Change c : changes) {
            List<String> why = new ArrayList<>();
            if (c.reason() != null) {
                why.add(humanReason(c.reason()));
            }
            if (!c.replacePaths().isEmpty()) {
                why.add("forced by `" + String.join("`, `", c.replacePaths()) + "`");
            }
            out.append("| **").append(c.action()).append("** | `").append(c.address()).append("` | ")
                .append(why.isEmpty() ? "removed from the configuration" : String.join("; ", why)).append(" |\n");
        }
        out.append('\n');
    }

    static String humanReason(String actionReason) {
        return switch (actionReason) {
            case "replace_because_cannot_update" -> "an attribute that cannot change in place changed";
            case "replace_because_tainted" -> "the resource is tainted";
            case "replace_by_request" -> "replacement was requested (-replace)";
            case "replace_by_triggers" -> "replace_triggered_by fired";
            case "delete_because_no_resource_config" -> "no longer in the configuration";
            case "delete_because_no_module" -> "its module was removed";
            case "delete_because_wrong_repetition" -> "count/for_each no longer produces it";
            case "delete_because_count_index", "delete_because_each_key" -> "its count index or for_each key is gone";
            case "delete_because_no_move_target" -> "a moved block points nowhere";
            default -> actionReason;
        };
    }
}
