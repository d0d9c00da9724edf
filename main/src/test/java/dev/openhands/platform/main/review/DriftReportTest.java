package dev.openhands.platform.main.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DriftReportTest {

    private static final String PLAN = """
        {"format_version":"1.2","terraform_version":"1.11.4","resource_drift":[
          {"address":"aws_subnet.a","type":"aws_subnet","change":{"actions":["update"],
            "before":{"tags":{"Name":"a"},"tags_all":{"Name":"a","Project":"x"},"map_public_ip_on_launch":false},
            "after":{"tags":{"Name":"a","Owner":"me"},"tags_all":{"Name":"a","Project":"x","Owner":"me"},"map_public_ip_on_launch":false}}},
          {"address":"aws_security_group.g","type":"aws_security_group","change":{"actions":["update"],
            "before":{"ingress":[{"cidr_blocks":["10.0.0.0/16"]}]},"after":{"ingress":[{"cidr_blocks":["0.0.0.0/0"]}]}}},
          {"address":"aws_eip.nat","type":"aws_eip","change":{"actions":["delete"],"before":{"id":"eipalloc-1"},"after":null}}
        ]}
        """;

    @Test
    void namesEveryChangedAttribute() throws Exception {
        JsonNode plan = new ObjectMapper().readTree(PLAN);
        DriftReport report = DriftReport.fromPlan("pilot", plan);
        assertThat(report.hasDrift()).isTrue();
        String text = report.toText();
        assertThat(text).contains("pilot: 3 resources drifted")
            .contains("aws_subnet.a\n      tags.Owner: (absent) -> \"me\"")
            .doesNotContain("tags_all.Owner")
            .contains("ingress[0].cidr_blocks[0]: \"10.0.0.0/16\" -> \"0.0.0.0/0\"")
            .contains("aws_eip.nat (deleted outside Terraform)");
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.path("drift").asBoolean()).isTrue();
        assertThat(json.path("resources").get(2).path("change").asText()).isEqualTo("delete");
        assertThat(report.toMarkdown()).contains("| `aws_security_group.g` | update | `ingress[0].cidr_blocks[0]` | `\"10.0.0.0/16\"` | `\"0.0.0.0/0\"` |");
    }

    static JsonNode fixture(String name) throws Exception {
        try (java.io.InputStream in = DriftReportTest.class.getResourceAsStream("/plans/" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /**
     * The refresh-only plan of the pilot on the emulator right after a plain apply (no settle): Terraform lists 17
     * resources. Nine differ only by null against an empty map or list (tags read back as {}): not drift. The other
     * eight hold what other resources filled in after creation; the settle of a deploy records those.
     */
    @Test
    void resourcesWhoseDifferencesAllFallAwayAreNotDrift() throws Exception {
        JsonNode plan = fixture("drift-right-after-apply");
        assertThat(plan.path("resource_drift").size()).isEqualTo(17);
        DriftReport report = DriftReport.fromPlan("pilot", plan);
        assertThat(report.resources()).allSatisfy(r -> assertThat(r.attributes()).as(r.address()).isNotEmpty());
        assertThat(report.resources()).extracting(DriftReport.DriftedResource::type).containsExactlyInAnyOrder(
            "aws_eip", "aws_iam_role", "aws_iam_role", "aws_route_table", "aws_route_table", "aws_security_group",
            "aws_security_group", "aws_vpc_security_group_egress_rule");
        assertThat(report.resources()).filteredOn(r -> r.type().equals("aws_eip")).singleElement()
            .satisfies(r -> assertThat(r.attributes()).extracting(PlanJson.AttributeChange::path)
                .containsExactly("association_id", "network_interface", "private_dns", "private_ip"));
        assertThat(report.toText()).startsWith("pilot: 8 resources drifted");
    }

    @Test
    void aTagAddedWhereStateHasNoTagsIsReportedOnceAsThatTag() throws Exception {
        DriftReport report = DriftReport.fromPlan("pilot", fixture("drift-tag-added-to-untagged-log-group"));
        assertThat(report.resources()).filteredOn(r -> r.type().equals("aws_cloudwatch_log_group")).singleElement()
            .satisfies(r -> assertThat(r.attributes()).extracting(PlanJson.AttributeChange::describe)
                .as("tags was null in state: the tag, not the whole map, and not its tags_all echo")
                .containsExactly("tags.ChangedBy: (absent) -> \"console\""));
    }

    @Test
    void noDriftIsSaidPlainly() {
        DriftReport report = new DriftReport("pilot", java.util.List.of());
        assertThat(report.toText()).isEqualTo("pilot: no drift: the live infrastructure matches the Terraform state.\n");
        assertThat(report.toMarkdown()).contains("No drift");
    }
}
