package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy workflow's check, on plans Terraform 1.11 wrote for the pilot on the emulator (terraform show -json,
 * trimmed to the changed resources): "reviewed" and "same-later" plan the same overrides a minute apart (a retention
 * update, a log-group rename that replaces it and its flow log, a deleted rule, a new log group); "subset" leaves the
 * new log group out, "different-value" plans another retention, "unreviewed" also opens an ingress rule.
 */
class PlanComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST_LOGS = "aws_cloudwatch_log_group.host-logs_group_CB616FC3";

    static String text(String name) throws IOException {
        try (InputStream in = PlanComparisonTest.class.getResourceAsStream("/plans/change-" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static JsonNode plan(String name) throws IOException {
        return JSON.readTree(text(name));
    }

    @Test
    void twoPlansOfTheSameChangeHaveOneChangeSetThoughTheirJsonDiffers() throws IOException {
        assertThat(ChangeSet.sha256(text("reviewed"))).as("a hash of the plan's JSON would refuse every deploy")
            .isNotEqualTo(ChangeSet.sha256(text("same-later")));
        assertThat(plan("reviewed").path("timestamp").asText()).isNotEqualTo(plan("same-later").path("timestamp").asText());

        ChangeSet reviewed = ChangeSet.fromPlan(plan("reviewed"));
        assertThat(reviewed.entries()).extracting(e -> e.action() + " " + e.address()).containsExactly(
            "create aws_cloudwatch_log_group.fixture_extra",
            "update " + HOST_LOGS,
            "replace aws_cloudwatch_log_group.network_flow-log-group_019C4221",
            "replace aws_flow_log.network_flow-log_4CEF6CCF",
            "delete aws_vpc_security_group_egress_rule.host_internet-http_5D957926[0]");
        assertThat(reviewed.byAddress().get(HOST_LOGS).planned()).containsOnlyKeys("retention_in_days");
        ChangeSet.Entry flowLog = reviewed.byAddress().get("aws_flow_log.network_flow-log_4CEF6CCF");
        assertThat(flowLog.replacePaths()).containsExactly("log_destination");
        assertThat(flowLog.planned()).containsEntry("log_destination", ChangeSet.UNKNOWN).containsEntry("arn", ChangeSet.UNKNOWN)
            .containsKey("traffic_type");
        assertThat(reviewed.byAddress().get("aws_vpc_security_group_egress_rule.host_internet-http_5D957926[0]").previousAddress())
            .isEqualTo("aws_vpc_security_group_egress_rule.host_internet-http_5D957926");

        ChangeSet later = ChangeSet.fromPlan(plan("same-later"));
        assertThat(later.digest()).startsWith("sha256:").isEqualTo(reviewed.digest());
        PlanComparison comparison = PlanComparison.compare("pilot", reviewed, later);
        assertThat(comparison.isReviewed()).isTrue();
        assertThat(comparison.notInThisPlan()).isEmpty();
        assertThat(comparison.toMarkdown()).contains("## Reviewed plan check: `pilot`")
            .contains("**Reviewed.** All 5 changes of this plan are in the plan reviewed on the pull request. It is the reviewed change set exactly")
            .contains("change set `" + reviewed.shortDigest() + "`");
        assertThat(PlanReview.fromPlan("pilot", plan("reviewed")).toMarkdown()).contains("change set `" + reviewed.shortDigest() + "`");
    }

    @Test
    void aPlanThatDoesLessThanWasReviewedIsAcceptedAndSaysWhatIsLeftOut() throws IOException {
        PlanComparison comparison = PlanComparison.of("pilot", plan("reviewed"), plan("subset"));
        assertThat(comparison.isReviewed()).isTrue();
        assertThat(comparison.notInThisPlan()).containsExactly("create `aws_cloudwatch_log_group.fixture_extra`");
        assertThat(comparison.toMarkdown()).contains("All 4 changes of this plan are in the plan reviewed")
            .doesNotContain("exactly").contains("Reviewed, but not in this plan (already applied, or no longer needed):\n\n"
                + "- create `aws_cloudwatch_log_group.fixture_extra`");
    }

    @Test
    void aPlanThatDoesMoreThanWasReviewedIsRefused() throws IOException {
        PlanComparison comparison = PlanComparison.of("pilot", plan("subset"), plan("reviewed"));
        assertThat(comparison.isReviewed()).isFalse();
        assertThat(comparison.differences()).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo("aws_cloudwatch_log_group.fixture_extra");
            assertThat(d.reviewedAction()).isNull();
            assertThat(d.details()).containsExactly("not in the reviewed plan");
        });
        assertThat(comparison.toMarkdown()).contains("**Refused: this is not the plan that was reviewed.** Nothing was applied. 1 change differs")
            .contains("| `aws_cloudwatch_log_group.fixture_extra` | create | (not in it) | not in the reviewed plan |")
            .contains("When the deploy refuses a plan");
    }

    @Test
    void anotherPlannedValueIsRefusedWithoutShowingEitherValue() throws IOException {
        PlanComparison comparison = PlanComparison.of("pilot", plan("reviewed"), plan("different-value"));
        assertThat(comparison.differences()).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo(HOST_LOGS);
            assertThat(d.details()).containsExactly("`retention_in_days`: the planned value differs from the reviewed one");
        });
        assertThat(comparison.toMarkdown()).as("values are compared as digests, never shown")
            .contains("| `" + HOST_LOGS + "` | update | update | `retention_in_days`: the planned value differs from the reviewed one |\n")
            .contains("never shown here (they may be secrets)");
    }

    @Test
    void aChangeNobodyReviewedIsRefusedBesideReviewedOnes() throws IOException {
        PlanComparison comparison = PlanComparison.of("pilot", plan("reviewed"), plan("unreviewed"));
        assertThat(comparison.differences()).extracting(PlanComparison.Difference::address)
            .containsExactly("aws_vpc_security_group_ingress_rule.endpoints_https-from-vpc_9DF40536");
    }

    @Test
    void aNewObjectMustBeTheReviewedObjectAndAnActionTheReviewedAction() throws IOException {
        String reviewed = """
            {"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[
              {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","change":{"actions":["create"],"before":null,
                "after":{"bucket":"b","tags":{"A":"1","B":"2"}},"after_unknown":{"arn":true}}},
              {"address":"aws_vpc.v","type":"aws_vpc","change":{"actions":["update"],
                "before":{"enable_dns_hostnames":false},"after":{"enable_dns_hostnames":true}}}]}
            """;
        String current = """
            {"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[
              {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","change":{"actions":["create"],"before":null,
                "after":{"bucket":"b","tags":{"A":"1"}},"after_unknown":{"arn":true}}},
              {"address":"aws_vpc.v","type":"aws_vpc","change":{"actions":["delete","create"],"replace_paths":[["cidr_block"]],
                "before":{"enable_dns_hostnames":false},"after":{"enable_dns_hostnames":true},"after_unknown":{"id":true}},
                "action_reason":"replace_because_cannot_update"}]}
            """;
        PlanComparison comparison = PlanComparison.of("prod", JSON.readTree(reviewed), JSON.readTree(current));
        assertThat(comparison.differences()).extracting(d -> d.address() + ": " + String.join("; ", d.details())).containsExactly(
            "aws_s3_bucket.b: `tags.B` is set by the reviewed plan, not by this one",
            "aws_vpc.v: the reviewed plan would update it; replacement forced by `cidr_block`, which the reviewed plan did not show;"
                + " `id` is not set by the reviewed plan");
    }

    @Test
    void theCommandExitsFourOnAPlanThatWasNotReviewed(@TempDir Path dir) throws IOException {
        Path reviewed = dir.resolve("reviewed.json");
        Path later = dir.resolve("later.json");
        Path other = dir.resolve("other.json");
        Files.writeString(reviewed, text("reviewed"));
        Files.writeString(later, text("same-later"));
        Files.writeString(other, text("unreviewed"));

        CliRunner.Run same = CliRunner.run("plan-compare", reviewed.toString(), later.toString(), "--title", "pilot");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.out()).contains("**Reviewed.**");

        Path report = dir.resolve("compare.md");
        CliRunner.Run refused = CliRunner.run("plan-compare", reviewed.toString(), other.toString(), "--title", "pilot", "-o", report.toString());
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).contains("not the reviewed plan: 1 change(s) differ: aws_vpc_security_group_ingress_rule.endpoints_https-from-vpc_9DF40536");
        assertThat(Files.readString(report)).contains("**Refused: this is not the plan that was reviewed.**");

        CliRunner.Run missing = CliRunner.run("plan-compare", dir.resolve("gone.json").toString(), later.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
    }
}
