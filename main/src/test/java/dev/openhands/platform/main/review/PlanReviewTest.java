package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PlanReviewTest {

    private static final String PLAN = """
        {"format_version":"1.2","terraform_version":"1.11.4",
         "resource_changes":[
          {"address":"aws_s3_bucket.data","type":"aws_s3_bucket","change":{"actions":["delete","create"],
            "before":{"bucket":"a"},"after":{"bucket":"b"},"replace_paths":[["bucket"]]},"action_reason":"replace_because_cannot_update"},
          {"address":"aws_instance.host","type":"aws_instance","change":{"actions":["create","delete"],
            "before":{"root_block_device":[{"kms_key_id":"k1"}]},"after":{"root_block_device":[{"kms_key_id":"k2"}]},
            "replace_paths":[["root_block_device",0,"kms_key_id"]]},"action_reason":"replace_because_cannot_update"},
          {"address":"aws_kms_key.old","type":"aws_kms_key","change":{"actions":["delete"],"before":{},"after":null},
            "action_reason":"delete_because_no_resource_config"},
          {"address":"aws_vpc.main","type":"aws_vpc","change":{"actions":["update"],
            "before":{"enable_dns_hostnames":false,"tags":{"A":"1"},"tags_all":{"A":"1"}},
            "after":{"enable_dns_hostnames":true,"tags":{"A":"1"},"tags_all":{"A":"1"}}}},
          {"address":"module.net.aws_subnet.a","previous_address":"aws_subnet.a","type":"aws_subnet","change":{"actions":["no-op"],"before":{},"after":{}}},
          {"address":"aws_iam_role.r","type":"aws_iam_role","change":{"actions":["create"],"before":null,"after":{}}},
          {"address":"aws_route.r","type":"aws_route","change":{"actions":["no-op"],"before":{},"after":{}}}
         ],
         "output_changes":{"id":{"actions":["update"]},"same":{"actions":["no-op"]}}}
        """;

    @Test
    void summarisesCountsRisksReasonsAndMoves() throws Exception {
        PlanReview review = PlanReview.fromPlan("prod", new ObjectMapper().readTree(PLAN));
        assertThat(review.counts()).containsEntry("create", 1).containsEntry("update", 1).containsEntry("replace", 2)
            .containsEntry("delete", 1).containsEntry("move", 1);
        assertThat(review.dataLossRisks()).extracting(PlanReview.Change::address).containsExactly("aws_s3_bucket.data", "aws_kms_key.old");
        String md = review.toMarkdown();
        assertThat(md).contains("## Terraform plan: `prod`")
            .contains("DATA-LOSS RISK: 2 stateful resources are deleted or replaced")
            .contains("| **replace** | `aws_s3_bucket.data` | an attribute that cannot change in place changed; forced by `bucket` |")
            .contains("| **delete** | `aws_kms_key.old` | no longer in the configuration |")
            .contains("### :warning: Deleted or replaced")
            .contains("forced by `root_block_device[0].kms_key_id`")
            .contains("| `aws_subnet.a` | `module.net.aws_subnet.a` |")
            .contains("| update | `aws_vpc.main` | `enable_dns_hostnames` |")
            .contains("1 output value change.")
            .doesNotContain("aws_route.r");
        assertThat(md.indexOf("DATA-LOSS")).isLessThan(md.indexOf("Deleted or replaced"));
    }

    @Test
    void commandFailsOnDataLossOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, PLAN);
        assertThat(CliRunner.run("plan-review", plan.toString()).exitCode()).isZero();
        CliRunner.Run strict = CliRunner.run("plan-review", plan.toString(), "--fail-on-data-loss", "-o", dir.resolve("out.md").toString());
        assertThat(strict.exitCode()).isEqualTo(3);
        assertThat(strict.err()).contains("aws_s3_bucket.data, aws_kms_key.old");
        assertThat(Files.readString(dir.resolve("out.md"))).contains("DATA-LOSS RISK");
    }

    @Test
    void badPlanFilesAreClearErrors(@TempDir Path dir) throws Exception {
        CliRunner.Run missing = CliRunner.run("plan-review", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file").contains("terraform show -json");

        Path notPlan = dir.resolve("package.json");
        Files.writeString(notPlan, "{\"name\":\"x\",\"version\":\"1.0.0\"}");
        CliRunner.Run wrong = CliRunner.run("plan-review", notPlan.toString());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("is JSON but not a Terraform plan");

        Path notJson = dir.resolve("plan.txt");
        Files.writeString(notJson, "Terraform will perform the following actions:\n");
        assertThat(CliRunner.run("plan-review", notJson.toString()).err()).contains("is not JSON");

        Path binary = dir.resolve("plan.tfplan");
        Files.write(binary, new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThat(CliRunner.run("plan-review", binary.toString()).err()).contains("binary plan file");

        Path future = dir.resolve("future.json");
        Files.writeString(future, "{\"format_version\":\"2.0\",\"terraform_version\":\"2.0.0\",\"resource_changes\":[]}");
        CliRunner.Run unsupported = CliRunner.run("plan-review", future.toString());
        assertThat(unsupported.exitCode()).isEqualTo(1);
        assertThat(unsupported.err()).contains("format_version 2.0").contains("reads 1.x");
    }

    @Test
    void anEmptyPlanSaysSo() throws Exception {
        PlanReview review = PlanReview.fromPlan("pilot", new ObjectMapper().readTree(
            "{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\","
                + "\"change\":{\"actions\":[\"no-op\"]}}]}"));
        assertThat(review.noChanges()).isTrue();
        assertThat(review.toMarkdown()).contains("**No changes.**");
    }
}
