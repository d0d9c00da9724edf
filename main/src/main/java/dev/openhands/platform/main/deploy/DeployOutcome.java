package dev.openhands.platform.main.deploy;

import dev.openhands.platform.main.review.DriftReport;
import dev.openhands.platform.main.review.PlanJson;
import dev.openhands.platform.main.review.PlanReview;

import java.util.List;

/**
 * How a deploy ended, for the terminal, a pull-request comment and a job summary: what was applied and settled, or why
 * nothing was, or what failed and how to go on.
 *
 * @param review   the review of the plan, when there was one
 * @param applied  present when the apply succeeded
 * @param settled  what the settle recorded, present when it ran
 * @param error    what went wrong (with the way on), for a failure or a refusal
 * @param output   the end of Terraform's output for a failure
 */
public record DeployOutcome(String environment, Status status, PlanReview review, Deployment.Applied applied, DriftReport settled,
                            String error, String output) {

    public enum Status {
        APPLIED("applied"), REFUSED("refused"), DECLINED("not confirmed"), FAILED("FAILED");

        private final String label;

        Status(String label) {
            this.label = label;
        }
    }

    private static final int OUTPUT_LINES = 40;

    public static DeployOutcome applied(String environment, PlanReview review, Deployment.Applied applied, DriftReport settled) {
        return new DeployOutcome(environment, Status.APPLIED, review, applied, settled, null, null);
    }

    public static DeployOutcome refused(String environment, PlanReview review, String why) {
        return new DeployOutcome(environment, Status.REFUSED, review, null, null, why, null);
    }

    public static DeployOutcome declined(String environment, PlanReview review) {
        return new DeployOutcome(environment, Status.DECLINED, review, null, null, "Nothing was applied.", null);
    }

    public static DeployOutcome failed(String environment, PlanReview review, Deployment.Applied applied, Deployment.DeployFailed failure) {
        return new DeployOutcome(environment, Status.FAILED, review, applied, null, failure.getMessage(), failure.output());
    }

    /** One line for the terminal. */
    public String summary() {
        return switch (status) {
            case APPLIED -> environment + ": applied (" + applied.describe() + ") in " + applied.took().toSeconds()
                + " s and settled (" + settledLine() + ")";
            case REFUSED, DECLINED, FAILED -> environment + ": " + status.label + ": " + error;
        };
    }

    private String settledLine() {
        int n = settled.resources().size();
        return n == 0 ? "nothing to record" : "recorded values filled in after creation on " + n + " resource" + (n == 1 ? "" : "s");
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("## Deploy `").append(environment).append("`: ").append(status.label).append("\n\n");
        String changeSet = review == null ? "" : " (change set `" + review.changeSetDigest() + "`)";
        if (applied != null) {
            out.append("Applied: ").append(applied.describe()).append(" in ").append(applied.took().toSeconds()).append(" s")
                .append(changeSet).append(".\n\n");
        }
        if (status == Status.APPLIED) {
            if (settled.resources().isEmpty()) {
                out.append("Settled: the refresh-only apply found nothing more to record.\n");
            } else {
                out.append("Settled: the refresh-only apply recorded values that other resources filled in after creation:\n\n");
                for (DriftReport.DriftedResource r : settled.resources()) {
                    out.append("- `").append(r.address()).append("`: ")
                        .append(String.join(", ", r.attributes().stream().map(PlanJson.AttributeChange::path).map(p -> "`" + p + "`").toList()))
                        .append('\n');
                }
            }
            return out.toString();
        }
        if (applied == null && review != null && status != Status.FAILED) {
            out.append("Planned").append(changeSet).append(": ").append(counts(review)).append(".\n\n");
        }
        out.append(error).append('\n');
        if (output != null && !output.isBlank()) {
            List<String> lines = output.strip().lines().toList();
            out.append("\n<details><summary>Terraform's output (last ").append(Math.min(OUTPUT_LINES, lines.size()))
                .append(" lines)</summary>\n\n```text\n")
                .append(String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size())))
                .append("\n```\n\n</details>\n");
        }
        return out.toString();
    }

    private static String counts(PlanReview review) {
        StringBuilder out = new StringBuilder();
        review.counts().forEach((action, n) -> {
            if (n > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(n).append(' ').append(action);
            }
        });
        return out.length() == 0 ? "no changes" : out.toString();
    }
}
