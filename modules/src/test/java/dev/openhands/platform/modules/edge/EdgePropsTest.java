package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import dev.openhands.platform.modules.iam.AwsLocation;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge props records refuse what CloudFront, ACM, WAF or Route 53 would refuse at apply, naming the value. */
class EdgePropsTest {

    private static final String ZONE = "Z0123456789ABCDEFGHIJ";

    @Test
    void certificateNamesAreFullyQualifiedLowerCaseUniqueAndAtMostOneHundred() {
        assertThat(new EdgeCertificateProps(List.of("openhands.example.com", "*.sbx.openhands.example.com"), ZONE, Optional.empty(),
            Map.of()).names()).hasSize(2);
        assertThatThrownBy(() -> new EdgeCertificateProps(List.of("https://openhands.example.com"), ZONE, Optional.empty(), Map.of()))
            .hasMessageContaining("'https://openhands.example.com'");
        assertThatThrownBy(() -> new EdgeCertificateProps(List.of("OpenHands.example.com"), ZONE, Optional.empty(), Map.of()))
            .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new EdgeCertificateProps(List.of("a.example.com", "a.example.com"), ZONE, Optional.empty(), Map.of()))
            .hasMessageContaining("repeat");
        assertThatThrownBy(() -> new EdgeCertificateProps(List.of(), ZONE, Optional.empty(), Map.of()))
            .hasMessageContaining("at least one");
        List<String> many = IntStream.range(0, 101).mapToObj(i -> "h" + i + ".example.com").toList();
        assertThatThrownBy(() -> new EdgeCertificateProps(many, ZONE, Optional.empty(), Map.of())).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> new EdgeCertificateProps(List.of("a.example.com"), "example.com", Optional.empty(), Map.of()))
            .hasMessageContaining("hosted zone id");
    }

    @Test
    void firewallMonitoringLivesInUsEast1AndRefusesASwappedNameAndArn() {
        String arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/openhands-prod-edge/0123";
        var global = new AwsLocation("123456789012", "us-east-1");
        var provider = new AwsProvider(new TerraformStack(Testing.app(), "edge-props"), "aws",
            AwsProviderConfig.builder().region("us-east-1").build());
        assertThat(new EdgeFirewallMonitoringProps("openhands-prod-edge", arn, global, provider, 365, List.of("authorization"), 500,
            List.of("ops@example.com"), Optional.empty(), Map.of()).webAclArn()).isEqualTo(arn);
        assertThatThrownBy(() -> new EdgeFirewallMonitoringProps(arn, "openhands-prod-edge", global, provider, 365, List.of(), 500,
            List.of(), Optional.empty(), Map.of())).hasMessageContaining("must be 1-100 letters, digits and hyphens");
        assertThatThrownBy(() -> new EdgeFirewallMonitoringProps("openhands-prod-edge", "openhands-prod-edge", global, provider, 365,
            List.of(), 500, List.of(), Optional.empty(), Map.of())).hasMessageContaining("is neither a CLOUDFRONT-scope web ACL ARN");
        assertThatThrownBy(() -> new EdgeFirewallMonitoringProps("openhands-prod-edge", arn,
            new AwsLocation("123456789012", "eu-west-1"), provider, 365, List.of(), 500, List.of(),
            Optional.empty(), Map.of())).hasMessageContaining("us-east-1 only");
        assertThatThrownBy(() -> new EdgeFirewallMonitoringProps("openhands-prod-edge", arn, global, provider, 365, List.of("Authorization"),
            500, List.of(), Optional.empty(), Map.of())).hasMessageContaining("lower-case header name");
    }

    @Test
    void firewallLimitsAndAllowListAreWafsOwn() {
        assertThatThrownBy(() -> new EdgeFirewallProps("acl", 99, List.of(), false, null, Map.of())).hasMessageContaining("100..");
        assertThatThrownBy(() -> new EdgeFirewallProps("acl", 1000, List.of("203.0.113.0"), false, null, Map.of()))
            .hasMessageContaining("'203.0.113.0'");
        assertThatThrownBy(() -> new EdgeFirewallProps("my acl", 1000, List.of(), false, null, Map.of())).hasMessageContaining("'my acl'");
        assertThatThrownBy(() -> new EdgeFirewallProps("acl", 1000, List.of(), false, null, Map.of())).hasMessageContaining("provider");
    }

    @Test
    void frameAncestorsAreHttpsOrigins() {
        assertThat(new EdgeSecurityHeadersProps("app", List.of("https://openhands.example.com")).frameAncestors()).hasSize(1);
        assertThatThrownBy(() -> new EdgeSecurityHeadersProps("app", List.of("http://openhands.example.com")))
            .hasMessageContaining("'http://openhands.example.com'");
        assertThatThrownBy(() -> new EdgeSecurityHeadersProps("app", Collections.singletonList("https://x.example.com/path")))
            .hasMessageContaining("https://<lower-case host name>");
    }

    @Test
    void distributionsNeedAnOriginAndAWellFormedLogPrefix() {
        EdgeOrigin origin = EdgeOrigin.verifiedByHeader("alb-1.eu-west-1.elb.amazonaws.com");
        assertThatThrownBy(() -> new EdgeDistributionProps("app", List.of("openhands.example.com"), "arn", origin, "acl",
            Optional.empty(), "policy", Map.of(), "App/")).hasMessageContaining("'App/'");
        assertThatThrownBy(() -> EdgeOrigin.verifiedByHeader(" ")).hasMessageContaining("DNS name");
        assertThatThrownBy(() -> new EdgeAliasRecordsProps(ZONE, List.of("openhands.example.com."), null))
            .hasMessageContaining("'openhands.example.com.'");
    }
}
