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

    @Test
    void noDriftIsSaidPlainly() {
        DriftReport report = new DriftReport("pilot", java.util.List.of());
        assertThat(report.toText()).isEqualTo("pilot: no drift: the live infrastructure matches the Terraform state.\n");
        assertThat(report.toMarkdown()).contains("No drift");
    }
}
