package dev.openhands.platform.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.emulator.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CustomHeaders;
import software.amazon.awssdk.services.cloudfront.model.CustomOriginConfig;
import software.amazon.awssdk.services.cloudfront.model.OriginCustomHeader;
import software.amazon.awssdk.services.cloudfront.model.OriginProtocolPolicy;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rotation through the real SDK against moto_server: Secrets Manager (staging labels), ELBv2 (listener rules'
 * header conditions) and CloudFront (GetDistributionConfig/UpdateDistribution of an origin's custom headers; moto
 * serves all three, and reports every distribution as {@code Deployed} at once).
 */
class OriginSecretRotationTest {

    static final String HEADER = "X-Origin-Verify";
    static final Duration GRACE = Duration.ofMinutes(30);
    static final AtomicInteger RUN = new AtomicInteger();
    static MotoServer moto;
    static SecretsManagerClient secrets;
    static ElasticLoadBalancingV2Client elb;
    static CloudFrontClient cloudFront;
    static String vpc;
    static List<String> subnets;

    String secretArn;
    String hostRule;
    String pathRule;
    String distribution;
    String albDns;
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T12:00:00Z"));

    @BeforeAll
    static void startEmulator() throws Exception {
        moto = MotoServer.start("123456789012");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"));
        URI endpoint = URI.create(moto.endpoint());
        var http = UrlConnectionHttpClient.create();
        secrets = SecretsManagerClient.builder().region(Region.EU_WEST_1).credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build();
        elb = ElasticLoadBalancingV2Client.builder().region(Region.EU_WEST_1).credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build();
        cloudFront = CloudFrontClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.EU_WEST_1).credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build()) {
            vpc = ec2.createVpc(b -> b.cidrBlock("10.50.0.0/16")).vpc().vpcId();
            subnets = List.of(
                ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.50.0.0/24").availabilityZone("eu-west-1a")).subnet().subnetId(),
                ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.50.1.0/24").availabilityZone("eu-west-1b")).subnet().subnetId());
        }
    }

    @AfterAll
    static void stopEmulator() {
        if (moto != null) {
            moto.close();
        }
    }

    /** A fresh secret, load balancer with two guarded rules, and a distribution (with a second, unrelated origin). */
    @BeforeEach
    void provision() {
        int run = RUN.incrementAndGet();
        secretArn = secrets.createSecret(b -> b.name("openhands-test/origin-" + run)).arn();
        var lb = elb.createLoadBalancer(b -> b.name("origin-" + run).subnets(subnets)).loadBalancers().get(0);
        albDns = lb.dnsName();
        String group = elb.createTargetGroup(b -> b.name("app-" + run).protocol("HTTP").port(3000).vpcId(vpc)
            .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        String listener = elb.createListener(b -> b.loadBalancerArn(lb.loadBalancerArn()).protocol("HTTP").port(80)
            .defaultActions(a -> a.type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("403")))).listeners().get(0).listenerArn();
        hostRule = elb.createRule(b -> b.listenerArn(listener).priority(40)
            .conditions(RuleCondition.builder().field("host-header").hostHeaderConfig(h -> h.values("openhands.acme.example")).build(),
                header("terraform-placeholder"))
            .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(group))).rules().get(0).ruleArn();
        pathRule = elb.createRule(b -> b.listenerArn(listener).priority(10)
            .conditions(RuleCondition.builder().field("path-pattern").pathPatternConfig(p -> p.values("/api/v1/webhooks/*", "/health")).build(),
                header("terraform-placeholder"))
            .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(group))).rules().get(0).ruleArn();
        distribution = cloudFront.createDistribution(b -> b.distributionConfig(c -> c.callerReference("origin-" + run).comment("test").enabled(true)
            .origins(o -> o.quantity(2).items(
                origin("alb", albDns, List.of(OriginCustomHeader.builder().headerName(HEADER).headerValue("terraform-placeholder").build(),
                    OriginCustomHeader.builder().headerName("X-Other").headerValue("kept").build())),
                origin("elsewhere", "static.acme.example", List.of())))
            .defaultCacheBehavior(d -> d.targetOriginId("alb").viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).minTTL(0L)
                .forwardedValues(f -> f.queryString(false).cookies(k -> k.forward("none")))))).distribution().id();
    }

    private static RuleCondition header(String... values) {
        return RuleCondition.builder().field("http-header").httpHeaderConfig(h -> h.httpHeaderName(HEADER).values(values)).build();
    }

    private static Origin origin(String id, String domain, List<OriginCustomHeader> headers) {
        return Origin.builder().id(id).domainName(domain)
            .customHeaders(CustomHeaders.builder().quantity(headers.size()).items(headers).build())
            .customOriginConfig(CustomOriginConfig.builder().httpPort(80).httpsPort(443).originProtocolPolicy(OriginProtocolPolicy.HTTPS_ONLY).build())
            .build();
    }

    private OriginSecretRotation rotation(List<String> distributions) {
        return new OriginSecretRotation(secrets, elb, cloudFront,
            new OriginTargets(secretArn, HEADER, List.of(hostRule, pathRule), distributions, albDns, GRACE), clock, new SecureRandom());
    }

    private List<String> accepted(String ruleArn) {
        return elb.describeRules(b -> b.ruleArns(ruleArn)).rules().get(0).conditions().stream()
            .filter(c -> "http-header".equals(c.field())).findFirst().orElseThrow().httpHeaderConfig().values();
    }

    private List<String> otherConditionValues(String ruleArn) {
        return elb.describeRules(b -> b.ruleArns(ruleArn)).rules().get(0).conditions().stream()
            .filter(c -> !"http-header".equals(c.field()))
            .flatMap(c -> c.hostHeaderConfig() != null ? c.hostHeaderConfig().values().stream() : c.pathPatternConfig().values().stream())
            .toList();
    }

    private Map<String, String> sentHeaders(String origin) {
        return cloudFront.getDistributionConfig(b -> b.id(distribution)).distributionConfig().origins().items().stream()
            .filter(o -> o.id().equals(origin)).findFirst().orElseThrow().customHeaders().items().stream()
            .collect(java.util.stream.Collectors.toMap(OriginCustomHeader::headerName, OriginCustomHeader::headerValue));
    }

    private String value(String stage) throws Exception {
        String body = secrets.getSecretValue(b -> b.secretId(secretArn).versionStage(stage)).secretString();
        return new ObjectMapper().readTree(body).path("value").asText();
    }

    @Test
    void aRotationSendsANewRandomValueAndAcceptsTheOldOneAlongside() throws Exception {
        OriginSecretRotation rotation = rotation(List.of(distribution));
        assertThat(rotation.rotate(1).action()).isEqualTo("rotated");
        String first = value("AWSCURRENT");
        assertThat(first).hasSize(64).matches("[A-Za-z0-9_-]+");
        assertThat(accepted(hostRule)).containsExactly(first);
        assertThat(sentHeaders("alb")).containsEntry(HEADER, first).containsEntry("X-Other", "kept");
        assertThat(sentHeaders("elsewhere")).doesNotContainKey(HEADER);

        clock.advance(Duration.ofDays(1));
        OriginSecretRotation.Outcome second = rotation.rotate(2);
        assertThat(second.acceptedGenerations()).containsExactly(2L, 1L);
        String current = value("AWSCURRENT");
        assertThat(current).isNotEqualTo(first).hasSize(64);
        assertThat(value("AWSPREVIOUS")).isEqualTo(first);
        for (String rule : List.of(hostRule, pathRule)) {
            assertThat(accepted(rule)).containsExactly(current, first);
        }
        assertThat(otherConditionValues(hostRule)).containsExactly("openhands.acme.example");
        assertThat(otherConditionValues(pathRule)).containsExactly("/api/v1/webhooks/*", "/health");
        assertThat(sentHeaders("alb")).containsEntry(HEADER, current);
    }

    @Test
    void settlingDropsThePreviousValueOnlyAfterTheGracePeriod() throws Exception {
        OriginSecretRotation rotation = rotation(List.of(distribution));
        rotation.rotate(1);
        clock.advance(Duration.ofDays(1));
        rotation.rotate(2);
        String current = value("AWSCURRENT");

        clock.advance(GRACE.minusMinutes(1));
        assertThat(rotation.settle().action()).isEqualTo("waiting");
        assertThat(accepted(hostRule)).hasSize(2);

        clock.advance(Duration.ofMinutes(2));
        assertThat(rotation.settle().action()).isEqualTo("settled");
        assertThat(accepted(hostRule)).containsExactly(current);
        assertThat(accepted(pathRule)).containsExactly(current);
    }

    @Test
    void theSameGenerationAgainRestoresReplacedRulesWithoutRotating() throws Exception {
        OriginSecretRotation rotation = rotation(List.of(distribution));
        rotation.rotate(3);
        String current = value("AWSCURRENT");
        // Terraform replaced a rule: it comes back with the placeholder from the configuration.
        elb.modifyRule(b -> b.ruleArn(hostRule).conditions(
            RuleCondition.builder().field("host-header").hostHeaderConfig(h -> h.values("openhands.acme.example")).build(),
            header("terraform-placeholder")));
        assertThat(rotation.rotate(3).action()).isEqualTo("reapplied");
        assertThat(value("AWSCURRENT")).isEqualTo(current);
        assertThat(accepted(hostRule)).containsExactly(current);
        assertThat(rotation.rotate(2).action()).as("a lower generation does not go back").isEqualTo("reapplied");
    }

    @Test
    void aRotationThatStopsHalfWayIsFinishedWithTheSamePendingValue() throws Exception {
        rotation(List.of(distribution)).rotate(1);
        String first = value("AWSCURRENT");
        // A distribution that does not exist stops the run after the rules accept the pending value.
        assertThatThrownBy(() -> rotation(List.of(distribution, "EDOESNOTEXIST")).rotate(2)).isInstanceOf(RuntimeException.class);
        String pending = value("AWSPENDING");
        assertThat(accepted(hostRule)).containsExactly(pending, first);
        assertThat(value("AWSCURRENT")).as("not promoted before every distribution sends it").isEqualTo(first);

        rotation(List.of(distribution)).rotate(2);
        assertThat(value("AWSCURRENT")).isEqualTo(pending);
        assertThat(accepted(hostRule)).containsExactly(pending, first);
        assertThat(sentHeaders("alb")).containsEntry(HEADER, pending);
    }

    @Test
    void aRuleWithoutTheHeaderConditionIsRefused() {
        elb.modifyRule(b -> b.ruleArn(pathRule).conditions(
            RuleCondition.builder().field("path-pattern").pathPatternConfig(p -> p.values("/health")).build()));
        assertThatThrownBy(() -> rotation(List.of()).rotate(1))
            .hasMessageContaining(pathRule).hasMessageContaining("has no " + HEADER + " condition");
    }

    @Test
    void theHandlerRefusesAnEventItCannotRead() {
        OriginSecretRotationHandler handler = new OriginSecretRotationHandler(rotation(List.of()));
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> handler.handle(json.readTree("{\"generation\":\"two\"}"))).hasMessageContaining("'generation' must be an integer");
        assertThatThrownBy(() -> handler.handle(json.readTree("{}"))).hasMessageContaining("expected {\"generation\": N}");
        assertThatThrownBy(() -> OriginTargets.fromEnvironment(Map.of(OriginTargets.HEADER_NAME, HEADER)))
            .hasMessageContaining(OriginTargets.SECRET_ARN).hasMessageContaining(OriginTargets.RULE_ARNS);
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
