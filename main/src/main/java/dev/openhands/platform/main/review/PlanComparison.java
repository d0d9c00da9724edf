package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.main.review.ChangeSet.Entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a plan about to be applied is the one that was reviewed: every change it makes must be in the reviewed
 * plan, the same action on the same address, setting the same attributes to the same planned values. A new object
 * (create or replace) must be the reviewed object in every value; an update may set fewer attributes than the reviewed
 * one did (the rest already hold their value, applied by an earlier deploy), never another attribute or another value.
 * Reviewed changes missing from the plan are listed, not refused: a plan that does less than was reviewed applies
 * nothing nobody saw (what an earlier deploy, or an apply that failed half way, already did drops out).
 */
public record PlanComparison(String title, ChangeSet reviewed, ChangeSet current, List<Difference> differences,
                             List<String> notInThisPlan) {

    public PlanComparison {
        differences = List.copyOf(differences);
        notInThisPlan = List.copyOf(notInThisPlan);
    }

    /** A change of the current plan that the reviewed plan does not hold, and how it differs. */
    public record Difference(String address, String action, String reviewedAction, List<String> details) {
        public Difference {
            details = List.copyOf(details);
        }
    }

    public static PlanComparison of(String title, JsonNode reviewedPlan, JsonNode currentPlan) {
        return compare(title, ChangeSet.fromPlan(reviewedPlan), ChangeSet.fromPlan(currentPlan));
    }

    public static PlanComparison compare(String title, ChangeSet reviewed, ChangeSet current) {
        Map<String, Entry> reviewedByAddress = reviewed.byAddress();
        Map<String, Entry> currentByAddress = current.byAddress();
        List<Difference> differences = new ArrayList<>();
        for (Entry now : current.entries()) {
            Entry then = reviewedByAddress.get(now.address());
            if (then == null) {
                differences.add(new Difference(now.address(), now.action(), null, List.of("not in the reviewed plan")));
                continue;
            }
            List<String> details = new ArrayList<>();
            if (!then.action().equals(now.action())) {
                details.add("the reviewed plan would " + then.action() + " it");
            }
            if (!Objects.equals(then.previousAddress(), now.previousAddress())) {
                details.add("moves from `" + now.previousAddress() + "`, the reviewed plan from `" + then.previousAddress() + "`");
            }
            now.replacePaths().stream().filter(p -> !then.replacePaths().contains(p))
                .forEach(p -> details.add("replacement forced by `" + p + "`, which the reviewed plan did not show"));
            now.planned().forEach((path, value) -> {
                String reviewedValue = then.planned().get(path);
                if (reviewedValue == null) {
                    details.add("`" + path + "` is not set by the reviewed plan");
                } else if (!reviewedValue.equals(value)) {
                    details.add("`" + path + "`: the planned value differs from the reviewed one");
                }
            });
            if (now.buildsAnObject() && then.action().equals(now.action())) {
                then.planned().keySet().stream().filter(p -> !now.planned().containsKey(p))
                    .forEach(p -> details.add("`" + p + "` is set by the reviewed plan, not by this one"));
            }
            if (!details.isEmpty()) {
                differences.add(new Difference(now.address(), now.action(), then.action(), details));
            }
        }
        List<String> notInThisPlan = new ArrayList<>();
        for (Entry then : reviewed.entries()) {
            Entry now = currentByAddress.get(then.address());
            if (now == null) {
                notInThisPlan.add(then.action() + " `" + then.address() + "`");
            } else if (then.action().equals("update") && now.action().equals("update")) {
                List<String> done = then.planned().keySet().stream().filter(p -> !now.planned().containsKey(p)).toList();
                if (!done.isEmpty()) {
                    notInThisPlan.add("update `" + then.address() + "`: `" + String.join("`, `", done) + "`");
                }
            }
        }
        return new PlanComparison(title, reviewed, current, differences, notInThisPlan);
    }

    /** True when every change of the current plan was reviewed. */
    public boolean isReviewed() {
        return differences.isEmpty();
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("## Reviewed plan check: `").append(title).append("`\n\n");
        String digests = "change set `" + current.shortDigest() + "`, reviewed `" + reviewed.shortDigest() + "`";
        if (isReviewed()) {
            int n = current.entries().size();
            out.append("**Reviewed.** ").append(n == 0 ? "This plan changes nothing."
                    : n == 1 ? "The one change of this plan is in the plan reviewed on the pull request."
                    : "All " + n + " changes of this plan are in the plan reviewed on the pull request.")
                .append(current.digest().equals(reviewed.digest()) ? " It is the reviewed change set exactly" : "")
                .append(" (").append(digests).append(").\n");
        } else {
            out.append("**Refused: this is not the plan that was reviewed.** Nothing was applied. ").append(differences.size())
                .append(differences.size() == 1 ? " change differs" : " changes differ").append(" from the plan reviewed on the pull request (")
                .append(digests).append("):\n\n");
            out.append("| Resource | This plan | Reviewed plan | What differs |\n|---|---|---|---|\n");
            for (Difference d : differences) {
                out.append("| `").append(d.address()).append("` | ").append(d.action()).append(" | ")
                    .append(d.reviewedAction() == null ? "(not in it)" : d.reviewedAction()).append(" | ")
                    .append(String.join("; ", d.details())).append(" |\n");
            }
            out.append("\nPlanned values are compared as digests and never shown here (they may be secrets): read both")
                .append(" plans' text to see them. What to do: docs/operations.md, \"When the deploy refuses a plan\".\n");
        }
        if (!notInThisPlan.isEmpty()) {
            out.append("\nReviewed, but not in this plan (already applied, or no longer needed):\n\n");
            notInThisPlan.forEach(line -> out.append("- ").append(line).append('\n'));
        }
        return out.toString();
    }
}
