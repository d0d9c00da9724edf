package dev.openhands.platform.main.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic, on a small stack priced with round figures that a reader can check by hand. */
class StackPricingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SONNET = "eu.anthropic.claude-sonnet-4-20250514-v1:0";

    static PriceTable roundPrices() throws IOException {
        try (InputStream in = StackPricingTest.class.getResourceAsStream("/cost/round-prices.json")) {
            return PriceTable.parse(JSON.readTree(in));
        }
    }

    /** A stack with one of each fixed-charge kind the project synthesizes, plus usage-only and free resources. */
    static ObjectNode smallStack() {
        ObjectNode stack = JSON.createObjectNode();
        stack.putObject("provider").putArray("aws").addObject().put("region", "eu-west-1");
        ObjectNode r = stack.putObject("resource");
        ObjectNode host = r.putObject("aws_instance").putObject("host");
        host.put("instance_type", "m7g.large").putObject("root_block_device").put("volume_size", 50).put("volume_type", "gp3");
        r.putObject("aws_nat_gateway").putObject("nat").put("allocation_id", "${aws_eip.nat.id}");
        r.putObject("aws_eip").putObject("nat").put("domain", "vpc");
        ObjectNode endpoints = r.putObject("aws_vpc_endpoint");
        endpoints.putObject("two").put("vpc_endpoint_type", "Interface").put("service_name", "com.amazonaws.eu-west-1.logs")
            .putArray("subnet_ids").add("${aws_subnet.a.id}").add("${aws_subnet.b.id}");
        endpoints.putObject("three").put("vpc_endpoint_type", "Interface").put("service_name", "com.amazonaws.eu-west-1.bedrock-runtime")
            .putArray("subnet_ids").add("${aws_subnet.a.id}").add("${aws_subnet.b.id}").add("${aws_subnet.c.id}");
        endpoints.putObject("s3").put("vpc_endpoint_type", "Gateway").put("service_name", "com.amazonaws.eu-west-1.s3");
        r.putObject("aws_kms_key").putObject("key").put("enable_key_rotation", true);
        ObjectNode alarms = r.putObject("aws_cloudwatch_metric_alarm");
        alarms.putObject("simple").put("metric_name", "Errors");
        ArrayNode queries = alarms.putObject("math").putArray("metric_query");
        queries.addObject().put("id", "a").putObject("metric").put("metric_name", "Errors");
        queries.addObject().put("id", "b").putObject("metric").put("metric_name", "Invocations");
        queries.addObject().put("id", "rate").put("expression", "a / b");
        r.putObject("aws_rds_cluster").putObject("db").putObject("serverlessv2_scaling_configuration")
            .put("min_capacity", 0.5).put("max_capacity", 4);
        ObjectNode instances = r.putObject("aws_rds_cluster_instance");
        instances.putObject("writer").put("instance_class", "db.serverless").put("cluster_identifier", "${aws_rds_cluster.db.id}");
        instances.putObject("reader").put("instance_class", "db.serverless").put("cluster_identifier", "${aws_rds_cluster.db.id}");
        r.putObject("aws_db_proxy").putObject("proxy").put("engine_family", "POSTGRESQL");
        r.putObject("aws_db_proxy_target").putObject("target").put("db_proxy_name", "${aws_db_proxy.proxy.name}")
            .put("db_cluster_identifier", "${aws_rds_cluster.db.cluster_identifier}");
        ObjectNode definitions = r.putObject("aws_ecs_task_definition");
        definitions.putObject("app").put("cpu", "1024").put("memory", "2048").putObject("runtime_platform").put("cpu_architecture", "ARM64");
        ObjectNode services = r.putObject("aws_ecs_service");
        services.putObject("app").put("desired_count", 2).put("task_definition", "${aws_ecs_task_definition.app.arn}");
        services.putObject("spot").put("desired_count", 1).put("task_definition", "${aws_ecs_task_definition.app.arn}")
            .putArray("capacity_provider_strategy").addObject().put("capacity_provider", "FARGATE_SPOT").put("weight", 1);
        ArrayNode rules = r.putObject("aws_wafv2_web_acl").putObject("acl").putArray("rule");
        rules.addObject().put("name", "common");
        rules.addObject().put("name", "bad-inputs");
        rules.addObject().put("name", "rate");
        r.putObject("aws_lambda_function").putObject("fn").put("architectures", "arm64");
        r.putObject("aws_iam_role").putObject("role").put("name", "x");
        return stack;
    }

    private static CostEstimate estimate(JsonNode stack) throws IOException {
        return new StackPricing(roundPrices()).estimate("test", stack, List.of(SONNET));
    }

    @Test
    void eachResourceCostsWhatItsLineSaysAndTheTotalIsTheirSum() throws IOException {
        CostEstimate estimate = estimate(smallStack());
        Map<String, Double> byResource = estimate.byResource();
        // 730 h x $0.1 + 50 GiB x $0.1
        assertThat(byResource.get("aws_instance.host")).isCloseTo(78.0, within(1e-9));
        assertThat(byResource.get("aws_nat_gateway.nat")).isCloseTo(36.5, within(1e-9));
        assertThat(byResource.get("aws_eip.nat")).isCloseTo(3.65, within(1e-9));
        // per AZ: 2 x 730 h x $0.01 and 3 x 730 h x $0.01; a gateway endpoint costs nothing
        assertThat(byResource.get("aws_vpc_endpoint.two")).isCloseTo(14.6, within(1e-9));
        assertThat(byResource.get("aws_vpc_endpoint.three")).isCloseTo(21.9, within(1e-9));
        assertThat(byResource).doesNotContainKey("aws_vpc_endpoint.s3");
        assertThat(byResource.get("aws_kms_key.key")).isCloseTo(1.0, within(1e-9));
        // a metric-math alarm pays per metric, not per expression
        assertThat(byResource.get("aws_cloudwatch_metric_alarm.simple")).isCloseTo(0.1, within(1e-9));
        assertThat(byResource.get("aws_cloudwatch_metric_alarm.math")).isCloseTo(0.2, within(1e-9));
        // stated 10 GB x $0.1; each serverless instance its minimum 0.5 ACU x 730 h x $0.1
        assertThat(byResource.get("aws_rds_cluster.db")).isCloseTo(1.0, within(1e-9));
        assertThat(byResource.get("aws_rds_cluster_instance.writer")).isCloseTo(36.5, within(1e-9));
        assertThat(byResource.get("aws_rds_cluster_instance.reader")).isCloseTo(36.5, within(1e-9));
        // the proxy charges its 8-ACU minimum although the instances behind it total 1 ACU
        assertThat(byResource.get("aws_db_proxy.proxy")).isCloseTo(8 * 730 * 0.01, within(1e-9));
        // 2 tasks x 730 h x (1 vCPU x $0.04 + 2 GB x $0.004); Spot: 1 x 730 x (1 x $0.01 + 2 x $0.001)
        assertThat(byResource.get("aws_ecs_service.app")).isCloseTo(70.08, within(1e-9));
        assertThat(byResource.get("aws_ecs_service.spot")).isCloseTo(8.76, within(1e-9));
        // web ACL $5 + 3 rules x $1
        assertThat(byResource.get("aws_wafv2_web_acl.acl")).isCloseTo(8.0, within(1e-9));
        assertThat(byResource).doesNotContainKeys("aws_lambda_function.fn", "aws_iam_role.role");
        assertThat(estimate.monthlyUsd()).isCloseTo(375.19, within(1e-9));
        assertThat(estimate.unpriced()).isEmpty();
    }

    /** The small stack with office hours Monday to Friday 08:00-19:00 for the host and the app service (2 tasks, 0 at night). */
    static ObjectNode officeHoursStack(String stopDays) {
        ObjectNode stack = smallStack();
        ObjectNode r = (ObjectNode) stack.get("resource");
        ObjectNode schedules = r.putObject("aws_scheduler_schedule");
        schedules.putObject("start").put("schedule_expression", "cron(0 8 ? * MON,TUE,WED,THU,FRI *)").putObject("target")
            .put("arn", "arn:aws:scheduler:::aws-sdk:ec2:startInstances").put("input", "{\"InstanceIds\":[\"${aws_instance.host.id}\"]}");
        schedules.putObject("stop").put("schedule_expression", "cron(0 19 ? * " + stopDays + " *)").putObject("target")
            .put("arn", "arn:aws:scheduler:::aws-sdk:ec2:stopInstances").put("input", "{\"InstanceIds\":[\"${aws_instance.host.id}\"]}");
        ObjectNode actions = r.putObject("aws_appautoscaling_scheduled_action");
        String resourceId = "service/${aws_ecs_cluster.c.name}/${aws_ecs_service.app.name}";
        actions.putObject("stop").put("resource_id", resourceId).put("schedule", "cron(0 19 ? * MON-FRI *)")
            .putObject("scalable_target_action").put("min_capacity", "0").put("max_capacity", "0");
        actions.putObject("start").put("resource_id", resourceId).put("schedule", "cron(0 8 ? * MON-FRI *)")
            .putObject("scalable_target_action").put("min_capacity", "2").put("max_capacity", "4");
        return stack;
    }

    @Test
    void officeHoursChargeTheHoursTheScheduleRuns() throws IOException {
        CostEstimate estimate = estimate(officeHoursStack("MON-FRI"));
        // 5 days x 11 h = 55 h a week; a 730-hour month has 730 / 168 weeks
        double hours = 55 * 730.0 / 168;
        assertThat(hours).isCloseTo(238.99, within(0.01));
        Map<String, Double> byResource = estimate.byResource();
        // the instance pays its office hours, its volume the whole month: 238.99 h x $0.1 + 50 GiB x $0.1
        assertThat(byResource.get("aws_instance.host")).isCloseTo(hours * 0.1 + 5, within(1e-9));
        // 2 tasks in office hours, none after: 238.99 h x 2 x (1 vCPU x $0.04 + 2 GB x $0.004)
        assertThat(byResource.get("aws_ecs_service.app")).isCloseTo(hours * 2 * 0.048, within(1e-9));
        assertThat(byResource.get("aws_ecs_service.spot")).isCloseTo(8.76, within(1e-9));
        assertThat(estimate.toText(Optional.empty())).contains("m7g.large instance, office hours 239.0 h of 730.0")
            .contains("2 task(s) for 239.0 office hours x 1.0 vCPU");
        assertThat(estimate.unpriced()).isEmpty();
    }

    @Test
    void stagingsEgressProxyIsPricedOnSpotForItsOfficeHoursAndOnlyProdPaysForAnXRayEndpoint() throws IOException {
        Map<String, CostEstimate> bundled = new java.util.TreeMap<>();
        for (String env : List.of("staging", "prod")) {
            JsonNode stack = JSON.readTree(dev.openhands.platform.main.ProjectFiles.root()
                .resolve("main/src/test/resources/snapshots/" + env + ".tf.json").toFile());
            bundled.put(env, new StackPricing(PriceTable.bundled()).estimate(env, stack, List.of(SONNET)));
        }
        double officeHours = 55 * 730.0 / 168;
        List<CostLine> stagingProxy = bundled.get("staging").lines().stream()
            .filter(l -> l.address().startsWith("aws_ecs_service.egress-proxy_service_")).toList();
        // one 0.25 vCPU / 0.5 GB task for the office hours only, at Spot prices
        assertThat(stagingProxy).extracting(CostLine::priceKey).containsExactly("fargate-spot.arm.vcpu-hour", "fargate-spot.arm.gb-hour");
        assertThat(stagingProxy).extracting(CostLine::quantity).containsExactly(officeHours * 0.25, officeHours * 0.5);
        assertThat(stagingProxy.get(0).item()).isEqualTo("1 task(s) for 239.0 office hours x 0.25 vCPU (Spot)");
        List<CostLine> prodProxy = bundled.get("prod").lines().stream()
            .filter(l -> l.address().startsWith("aws_ecs_service.egress-proxy_service_")).toList();
        assertThat(prodProxy).extracting(CostLine::priceKey).containsExactly("fargate.arm.vcpu-hour", "fargate.arm.gb-hour");
        assertThat(prodProxy).extracting(CostLine::quantity).containsExactly(2 * 730 * 0.25, 2 * 730 * 0.5);
        // the X-Ray endpoint follows sandbox.tracing: on in production, off in staging
        assertThat(bundled.get("staging").lines()).noneMatch(l -> l.address().contains("xray"));
        assertThat(bundled.get("prod").lines()).anyMatch(l -> l.address().contains("xray") && l.priceKey().startsWith("vpc.interface-endpoint"));
    }

    @Test
    void theWarmPoolIsPricedOnceAtItsTemplatesSizeAndCapacity() throws IOException {
        ObjectNode stack = smallStack();
        ObjectNode functions = (ObjectNode) stack.at("/resource/aws_lambda_function");
        for (String name : List.of("api", "maintenance")) {
            functions.putObject(name).putObject("environment").putObject("variables").put("WARM_POOL_SIZE", "2")
                .put("TEMPLATE_TASK_DEFINITION", "${aws_ecs_task_definition.app.arn}");
        }
        // two functions carry the pool's variables; it is one pool: 2 tasks x 730 h x (1 vCPU x $0.04 + 2 GB x $0.004)
        CostEstimate onDemand = estimate(stack);
        assertThat(onDemand.byResource().get("aws_ecs_task_definition.app")).isCloseTo(70.08, within(1e-9));
        assertThat(onDemand.monthlyUsd()).isCloseTo(375.19 + 70.08, within(1e-9));
        assertThat(onDemand.usage()).extracting(UsageCharge::priceKey).contains("fargate.arm.vcpu-hour", "fargate.arm.gb-hour");
        for (String name : List.of("api", "maintenance")) {
            ((ObjectNode) functions.at("/" + name + "/environment/variables")).put("CAPACITY_PROVIDER", "FARGATE_SPOT");
        }
        // on Spot: 2 x 730 x (1 x $0.01 + 2 x $0.001); sandboxes started by conversations are usage at Spot prices
        CostEstimate spot = estimate(stack);
        assertThat(spot.byResource().get("aws_ecs_task_definition.app")).isCloseTo(17.52, within(1e-9));
        assertThat(spot.usage()).extracting(UsageCharge::priceKey).contains("fargate-spot.arm.vcpu-hour").doesNotContain("fargate.arm.vcpu-hour");
        assertThat(spot.toText(Optional.empty())).contains("warm pool: 2 sandbox task(s) always running x 1.0 vCPU (Spot)");
    }

    @Test
    void aScheduleCostCannotReadIsAnErrorNamingIt() {
        assertThatThrownBy(() -> estimate(officeHoursStack("MON-THU")))
            .hasMessageContaining("aws_instance.host's schedules").hasMessageContaining("same days");
        ObjectNode half = officeHoursStack("MON-FRI");
        ((ObjectNode) half.get("resource").get("aws_scheduler_schedule")).remove("stop");
        assertThatThrownBy(() -> estimate(half)).hasMessageContaining("found only a start schedule");
    }

    @Test
    void usageChargesAreListedWithTheirUnitPriceAndLeftOutOfTheTotal() throws IOException {
        CostEstimate estimate = estimate(smallStack());
        assertThat(estimate.usage()).extracting(UsageCharge::priceKey).contains("lambda.arm.gb-second", "lambda.requests-million",
            "vpc.nat-gateway.gb", "kms.requests-10k", "waf.requests-million",
            "bedrock.anthropic.claude-sonnet-4-20250514-v1:0.input-1k", "bedrock.anthropic.claude-sonnet-4-20250514-v1:0.output-1k")
            .doesNotHaveDuplicates();
        assertThat(estimate.toText(Optional.empty())).contains("Bedrock " + SONNET + " output tokens").contains("$0.015 per 1,000 output tokens");
    }

    @Test
    void theProxyChargesTheCapacityBehindItWhenThatExceedsItsMinimum() throws IOException {
        ObjectNode stack = smallStack();
        ((ObjectNode) stack.at("/resource/aws_rds_cluster/db/serverlessv2_scaling_configuration")).put("min_capacity", 6);
        // two instances x 6 ACU = 12 ACU > the 8-ACU minimum
        assertThat(estimate(stack).byResource().get("aws_db_proxy.proxy")).isCloseTo(12 * 730 * 0.01, within(1e-9));
    }

    @Test
    void aTypeWithoutAPriceIsReportedNotIgnored() throws IOException {
        ObjectNode stack = smallStack();
        ((ObjectNode) stack.get("resource")).putObject("aws_neptune_cluster").putObject("graph").put("engine", "neptune");
        CostEstimate estimate = estimate(stack);
        assertThat(estimate.unpriced()).containsExactly("aws_neptune_cluster");
        assertThat(estimate.toText(Optional.empty())).contains("NOT PRICED (the total is incomplete): aws_neptune_cluster");
        assertThat(JSON.readTree(estimate.toJson(Optional.empty())).get("unpriced").get(0).asText()).isEqualTo("aws_neptune_cluster");
    }

    @Test
    void aMissingPriceOrRegionNamesWhatToAdd() throws IOException {
        ObjectNode stack = smallStack();
        ((ObjectNode) stack.at("/resource/aws_instance/host")).put("instance_type", "x9z.huge");
        assertThatThrownBy(() -> estimate(stack)).hasMessageContaining("no price 'ec2.instance-hour.x9z.huge' for eu-west-1")
            .hasMessageContaining("add it with its source");
        ObjectNode elsewhere = smallStack();
        ((ObjectNode) elsewhere.at("/provider/aws/0")).put("region", "ap-south-2");
        assertThatThrownBy(() -> estimate(elsewhere)).hasMessageContaining("no prices for region ap-south-2")
            .hasMessageContaining("[eu-west-1]");
    }

    @Test
    void anEndpointWhoseZonesCannotBeCountedIsAnError() throws IOException {
        ObjectNode stack = smallStack();
        ((ObjectNode) stack.at("/resource/aws_vpc_endpoint/two")).put("subnet_ids", "${aws_subnet.all.ids}");
        assertThatThrownBy(() -> estimate(stack)).hasMessageContaining("aws_vpc_endpoint.two")
            .hasMessageContaining("cannot count the zones");
    }

    @Test
    void theChangeAgainstABaselineIsPerResourceAndInTotal() throws IOException {
        ObjectNode before = smallStack();
        ((ObjectNode) before.get("resource")).remove("aws_nat_gateway");
        ((ObjectNode) before.at("/resource/aws_instance/host")).put("instance_type", "m7g.large")
            .putObject("root_block_device").put("volume_size", 30);
        CostEstimate base = estimate(before);
        CostEstimate now = estimate(smallStack());
        String markdown = now.toMarkdown(Optional.of(base));
        // NAT added: +$36.50; root volume 30 -> 50 GiB: +$2.00
        String changed = markdown.substring(markdown.indexOf("| changed resource"), markdown.indexOf("<details>"));
        assertThat(changed).contains("| `aws_nat_gateway.nat` | +$36.50 |").contains("| `aws_instance.host` | +$2.00 |")
            .doesNotContain("aws_kms_key");
        assertThat(markdown).contains("Change: **+$38.50** a month");
        JsonNode json = JSON.readTree(now.toJson(Optional.of(base)));
        assertThat(json.get("change").asDouble()).isCloseTo(38.5, within(1e-9));
        String reversed = base.toMarkdown(Optional.of(now));
        assertThat(reversed).contains("Change: **-$38.50** a month").contains("| `aws_nat_gateway.nat` | -$36.50 |");
    }
}
