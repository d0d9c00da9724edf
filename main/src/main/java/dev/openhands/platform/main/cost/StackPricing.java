package dev.openhands.platform.main.cost;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices a synthesized stack ({@code cdk.tf.json}) at zero use: what its resources cost a month if nobody works.
 *
 * <p>Every resource type the estimate can meet is in exactly one of three lists: {@link #FREE} (no charge of its
 * own, with the reason), {@link #USAGE} (charged only by use; its unit prices are listed, never guessed), or a
 * fixed-charge rule below (which may add usage charges too). A type in none of them is reported as unpriced, so a new
 * billable resource cannot slip into a stack without a price.
 */
public final class StackPricing {

    /** Types that cost nothing by themselves, with the reason a reviewer can check. */
    public static final Map<String, String> FREE = freeTypes();

    /** Types charged only by use, with the usage prices that apply. */
    public static final Map<String, List<String[]>> USAGE = usageTypes();

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{([a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.[a-z_]+\\}$");
    private static final int RDS_PROXY_MINIMUM_ACU = 8;

    private final PriceTable prices;

    public StackPricing(PriceTable prices) {
        this.prices = prices;
    }

    /** Every resource type this class knows how to price (fixed rules, usage-only and free). */
    public static Set<String> knownTypes() {
        Set<String> known = new TreeSet<>(FIXED_RULES);
        known.addAll(FREE.keySet());
        known.addAll(USAGE.keySet());
        return known;
    }

    private static final Set<String> FIXED_RULES = Set.of("aws_instance", "aws_ebs_volume", "aws_nat_gateway", "aws_eip",
        "aws_vpc_endpoint", "aws_kms_key", "aws_secretsmanager_secret", "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_dashboard", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_proxy", "aws_efs_file_system",
        "aws_s3_bucket", "aws_ecr_repository", "aws_ecs_service", "aws_lb", "aws_wafv2_web_acl", "aws_route53_zone",
        "aws_service_discovery_private_dns_namespace", "aws_networkfirewall_firewall");

    /**
     * @param environment the environment's name, for the report
     * @param stack       the stack's {@code cdk.tf.json}
     * @param modelIds    Bedrock models the environment uses (their token prices are listed as usage)
     */
    public CostEstimate estimate(String environment, JsonNode stack, List<String> modelIds) {
        String region = region(stack);
        Stack context = new Stack(stack, region);
        List<CostLine> lines = new ArrayList<>();
        Map<String, UsageCharge> usage = new LinkedHashMap<>();
        Set<String> unpriced = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> types = stack.path("resource").fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            for (Iterator<Map.Entry<String, JsonNode>> resources = type.getValue().fields(); resources.hasNext(); ) {
                Map.Entry<String, JsonNode> resource = resources.next();
                String address = type.getKey() + "." + resource.getKey();
                if (FREE.containsKey(type.getKey())) {
                    continue;
                }
                if (USAGE.containsKey(type.getKey())) {
                    addUsage(usage, region, USAGE.get(type.getKey()));
                    continue;
                }
                if (!FIXED_RULES.contains(type.getKey())) {
                    unpriced.add(type.getKey());
                    continue;
                }
                fixed(type.getKey(), address, resource.getValue(), context, lines, usage);
            }
        }
        warmPools(context, lines, usage);
        for (String model : modelIds) {
            String base = "bedrock." + model.replaceFirst("^(eu|us|apac|global)\\.", "");
            if (!prices.has(region, base + ".input-1k")) {
                unpriced.add("Bedrock model " + model + " (no " + base + ".input-1k)");
                continue;
            }
            usage.putIfAbsent(base + ".input-1k", new UsageCharge("Bedrock " + model + " input tokens", base + ".input-1k",
                prices.price(region, base + ".input-1k")));
            usage.putIfAbsent(base + ".output-1k", new UsageCharge("Bedrock " + model + " output tokens", base + ".output-1k",
                prices.price(region, base + ".output-1k")));
        }
        return new CostEstimate(environment, region, prices.currency(), prices.hoursPerMonth(), lines,
            List.copyOf(usage.values()), List.copyOf(unpriced));
    }

    private void fixed(String type, String address, JsonNode r, Stack stack, List<CostLine> lines, Map<String, UsageCharge> usage) {
        String region = stack.region;
        double hours = prices.hoursPerMonth();
        switch (type) {
            case "aws_instance" -> {
                String instanceType = text(r, "instance_type", address);
                java.util.Optional<Double> scheduled = ScheduledHours.instance(stack.root, name(address), hours);
                lines.add(line(address, instanceType + " instance" + scheduled.map(h -> ", office hours " + round(h) + " h of " + round(hours)).orElse(""),
                    scheduled.orElse(hours), "ec2.instance-hour." + instanceType, region));
                JsonNode root = first(r.path("root_block_device"));
                double gib = root.path("volume_size").asDouble(8);
                String volumeType = root.path("volume_type").asText("gp3");
                lines.add(line(address, gib + " GiB " + volumeType + " root volume", gib, "ebs." + volumeType + ".gb-month", region));
            }
            case "aws_ebs_volume" -> {
                String volumeType = r.path("type").asText("gp3");
                double gib = r.path("size").asDouble();
                lines.add(line(address, gib + " GiB " + volumeType + " volume", gib, "ebs." + volumeType + ".gb-month", region));
            }
            case "aws_nat_gateway" -> {
                lines.add(line(address, "NAT gateway", hours, "vpc.nat-gateway.hour", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"NAT gateway data processed", "vpc.nat-gateway.gb"}));
            }
            case "aws_eip" -> lines.add(line(address, "public IPv4 address", hours, "vpc.public-ipv4.hour", region));
            case "aws_vpc_endpoint" -> {
                if (!"Interface".equals(r.path("vpc_endpoint_type").asText("Gateway"))) {
                    return;
                }
                JsonNode subnets = r.path("subnet_ids");
                if (!subnets.isArray() || subnets.isEmpty()) {
                    throw new IllegalStateException(address + ": cannot count the zones of an interface endpoint whose subnet_ids is "
                        + subnets + "; give it a list of subnets");
                }
                String service = r.path("service_name").asText().replaceFirst(".*\\.", "");
                lines.add(line(address, service + " interface endpoint, " + subnets.size() + " AZ", hours * subnets.size(),
                    "vpc.interface-endpoint.az-hour", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"interface endpoint data processed", "vpc.interface-endpoint.gb"}));
            }
            case "aws_kms_key" -> {
                lines.add(line(address, "customer-managed KMS key", 1, "kms.key-month", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"KMS requests", "kms.requests-10k"}));
            }
            case "aws_secretsmanager_secret" -> {
                lines.add(line(address, "secret", 1, "secretsmanager.secret-month", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"Secrets Manager API calls", "secretsmanager.api-calls-10k"}));
            }
            case "aws_cloudwatch_metric_alarm" -> {
                int metrics = 0;
                for (JsonNode query : r.path("metric_query")) {
                    metrics += query.has("metric") ? 1 : 0;
                }
                double count = Math.max(1, metrics);
                lines.add(line(address, (int) count + " alarm metric" + (count > 1 ? "s" : ""), count, "cloudwatch.alarm-metric-month", region));
            }
            case "aws_cloudwatch_dashboard" -> lines.add(line(address, "dashboard", 1, "cloudwatch.dashboard-month", region));
            case "aws_rds_cluster" -> {
                PriceTable.StatedSize size = prices.statedSize("aurora");
                lines.add(line(address, size.gb() + " GB Aurora storage (stated)", size.gb(), "rds.aurora.storage.gb-month", region));
                addUsage(usage, region, List.of(new String[] {"Aurora I/O", "rds.aurora.io-million"},
                    new String[] {"Aurora backup storage beyond the cluster size", "rds.aurora.backup.gb-month"}));
            }
            case "aws_rds_cluster_instance" -> {
                String instanceClass = text(r, "instance_class", address);
                if (instanceClass.equals("db.serverless")) {
                    double acu = minimumCapacity(stack, r, address);
                    lines.add(line(address, acu + " ACU minimum (Aurora Serverless v2)", acu * hours, "rds.aurora-serverless-v2.acu-hour", region));
                    addUsage(usage, region, List.<String[]>of(new String[] {"Aurora capacity above the minimum", "rds.aurora-serverless-v2.acu-hour"}));
                } else {
                    lines.add(line(address, instanceClass + " instance", hours, "rds.instance-hour." + instanceClass, region));
                }
            }
            case "aws_db_proxy" -> {
                double acu = proxiedCapacity(stack, address);
                double charged = Math.max(RDS_PROXY_MINIMUM_ACU, acu);
                lines.add(line(address, "RDS Proxy, " + charged + " ACU charged (minimum " + RDS_PROXY_MINIMUM_ACU + ")",
                    charged * hours, "rds.proxy.serverless-acu-hour", region));
            }
            case "aws_efs_file_system" -> {
                PriceTable.StatedSize size = prices.statedSize("efs");
                lines.add(line(address, size.gb() + " GB EFS Standard (stated)", size.gb(), "efs.standard.gb-month", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"EFS backup (warm)", "backup.efs-warm.gb-month"}));
            }
            case "aws_s3_bucket" -> {
                PriceTable.StatedSize size = prices.statedSize("s3");
                lines.add(line(address, size.gb() + " GB S3 Standard (stated)", size.gb(), "s3.standard.gb-month", region));
                addUsage(usage, region, List.of(new String[] {"S3 PUT/COPY/POST/LIST requests", "s3.put-1k"},
                    new String[] {"S3 GET requests", "s3.get-1k"}));
            }
            case "aws_ecr_repository" -> {
                PriceTable.StatedSize size = prices.statedSize("ecr");
                lines.add(line(address, size.gb() + " GB images (stated)", size.gb(), "ecr.storage.gb-month", region));
            }
            case "aws_ecs_service" -> fargateService(address, r, stack, lines);
            case "aws_lb" -> {
                lines.add(line(address, "application load balancer", hours, "elb.alb.hour", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"load balancer capacity units", "elb.alb.lcu-hour"}));
            }
            case "aws_wafv2_web_acl" -> {
                lines.add(line(address, "WAF web ACL", 1, "waf.web-acl-month", region));
                int rules = r.path("rule").isArray() ? r.path("rule").size() : (r.path("rule").isMissingNode() ? 0 : 1);
                if (rules > 0) {
                    lines.add(line(address, rules + " WAF rules", rules, "waf.rule-month", region));
                }
                addUsage(usage, region, List.<String[]>of(new String[] {"WAF requests", "waf.requests-million"}));
            }
            case "aws_route53_zone", "aws_service_discovery_private_dns_namespace" -> {
                lines.add(line(address, "hosted zone", 1, "route53.hosted-zone-month", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"Route 53 queries", "route53.queries-million"}));
            }
            case "aws_networkfirewall_firewall" -> {
                int zones = Math.max(1, r.path("subnet_mapping").size());
                lines.add(line(address, "Network Firewall, " + zones + " AZ", zones * hours, "networkfirewall.endpoint-hour", region));
                addUsage(usage, region, List.<String[]>of(new String[] {"Network Firewall data processed", "networkfirewall.gb"}));
            }
            default -> throw new IllegalStateException("no rule for " + type);
        }
    }

    private void fargateService(String address, JsonNode service, Stack stack, List<CostLine> lines) {
        double tasks = service.path("desired_count").asDouble(1);
        JsonNode definition = stack.referenced(service.path("task_definition").asText(), "aws_ecs_task_definition", address);
        double vcpu = Double.parseDouble(definition.path("cpu").asText("256")) / 1024;
        double gb = Double.parseDouble(definition.path("memory").asText("512")) / 1024;
        String arch = architecture(definition);
        boolean spot = false;
        for (JsonNode strategy : service.path("capacity_provider_strategy")) {
            spot |= strategy.path("capacity_provider").asText().equals("FARGATE_SPOT") && strategy.path("weight").asInt() > 0;
        }
        String kind = (spot ? "fargate-spot." : "fargate.") + arch;
        double month = prices.hoursPerMonth();
        java.util.Optional<ScheduledHours.Service> scheduled = ScheduledHours.service(stack.root, name(address), month);
        double taskHours = scheduled.map(s -> s.hoursOn() * s.tasksOn() + (month - s.hoursOn()) * s.tasksOff()).orElse(tasks * month);
        String count = scheduled.map(s -> s.tasksOn() + " task(s) for " + round(s.hoursOn()) + " office hours"
            + (s.tasksOff() > 0 ? ", " + s.tasksOff() + " after" : "")).orElse((int) tasks + " task(s)");
        lines.add(line(address, count + " x " + vcpu + " vCPU" + (spot ? " (Spot)" : ""), taskHours * vcpu,
            kind + ".vcpu-hour", stack.region));
        lines.add(line(address, count + " x " + gb + " GB" + (spot ? " (Spot)" : ""), taskHours * gb,
            kind + ".gb-hour", stack.region));
    }

    /**
     * Sandbox tasks the orchestrator keeps running (its functions' WARM_POOL_SIZE) are a fixed charge, at the size of
     * the template they are cloned from and on its capacity (CAPACITY_PROVIDER); the sandboxes conversations start are
     * usage. Every orchestrator function carries the same variables, so each template is priced once.
     */
    private void warmPools(Stack stack, List<CostLine> lines, Map<String, UsageCharge> usage) {
        Set<String> priced = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stack.root.path("resource").path("aws_lambda_function").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> function = it.next();
            JsonNode variables = first(function.getValue().path("environment")).path("variables");
            String template = variables.path("TEMPLATE_TASK_DEFINITION").asText("");
            if (template.isEmpty()) {
                continue;
            }
            String[] ref = Stack.reference(template);
            String address = "aws_ecs_task_definition." + (ref == null ? "?" : ref[1]);
            boolean spot = "FARGATE_SPOT".equals(variables.path("CAPACITY_PROVIDER").asText("FARGATE"));
            JsonNode definition = stack.referenced(template, "aws_ecs_task_definition", "aws_lambda_function." + function.getKey());
            String kind = (spot ? "fargate-spot." : "fargate.") + architecture(definition);
            addUsage(usage, stack.region, List.of(new String[] {"sandbox tasks" + (spot ? " on Spot" : "") + ": Fargate vCPU", kind + ".vcpu-hour"},
                new String[] {"sandbox tasks" + (spot ? " on Spot" : "") + ": Fargate memory", kind + ".gb-hour"}));
            int size = variables.path("WARM_POOL_SIZE").asInt(0);
            if (size == 0 || !priced.add(address)) {
                continue;
            }
            double vcpu = Double.parseDouble(definition.path("cpu").asText("256")) / 1024;
            double gb = Double.parseDouble(definition.path("memory").asText("512")) / 1024;
            double taskHours = size * prices.hoursPerMonth();
            String label = "warm pool: " + size + " sandbox task(s) always running x ";
            lines.add(line(address, label + vcpu + " vCPU" + (spot ? " (Spot)" : ""), taskHours * vcpu, kind + ".vcpu-hour", stack.region));
            lines.add(line(address, label + gb + " GB" + (spot ? " (Spot)" : ""), taskHours * gb, kind + ".gb-hour", stack.region));
        }
    }

    private static String architecture(JsonNode definition) {
        return "ARM64".equals(first(definition.path("runtime_platform")).path("cpu_architecture").asText("X86_64")) ? "arm" : "x86";
    }

    private double minimumCapacity(Stack stack, JsonNode instance, String address) {
        JsonNode cluster = stack.referenced(instance.path("cluster_identifier").asText(), "aws_rds_cluster", address);
        JsonNode scaling = first(cluster.path("serverlessv2_scaling_configuration"));
        if (!scaling.has("min_capacity")) {
            throw new IllegalStateException(address + ": its cluster has no serverlessv2_scaling_configuration.min_capacity");
        }
        return scaling.path("min_capacity").asDouble();
    }

    /** The minimum capacity of every serverless instance behind the proxy's targets. */
    private double proxiedCapacity(Stack stack, String proxyAddress) {
        String proxyName = proxyAddress.substring(proxyAddress.indexOf('.') + 1);
        double acu = 0;
        for (Iterator<JsonNode> targets = stack.resources("aws_db_proxy_target"); targets.hasNext(); ) {
            JsonNode target = targets.next();
            String[] proxy = Stack.reference(target.path("db_proxy_name").asText());
            String[] cluster = Stack.reference(target.path("db_cluster_identifier").asText());
            if (proxy == null || !proxy[1].equals(proxyName) || cluster == null) {
                continue;
            }
            for (Iterator<JsonNode> instances = stack.resources("aws_rds_cluster_instance"); instances.hasNext(); ) {
                JsonNode instance = instances.next();
                String[] owner = Stack.reference(instance.path("cluster_identifier").asText());
                if (owner != null && owner[1].equals(cluster[1]) && "db.serverless".equals(instance.path("instance_class").asText())) {
                    acu += first(stack.resource("aws_rds_cluster", cluster[1]).path("serverlessv2_scaling_configuration"))
                        .path("min_capacity").asDouble();
                }
            }
        }
        return acu;
    }

    private static String name(String address) {
        return address.substring(address.indexOf('.') + 1);
    }

    /** Hours as the report shows them: one decimal. */
    private static String round(double hours) {
        return String.format(java.util.Locale.ROOT, "%.1f", hours);
    }

    private CostLine line(String address, String item, double quantity, String key, String region) {
        return CostLine.of(address, item, quantity, key, prices.price(region, key));
    }

    private void addUsage(Map<String, UsageCharge> usage, String region, List<String[]> charges) {
        for (String[] charge : charges) {
            usage.putIfAbsent(charge[1], new UsageCharge(charge[0], charge[1], prices.price(region, charge[1])));
        }
    }

    private static String region(JsonNode stack) {
        JsonNode aws = first(stack.path("provider").path("aws"));
        String region = aws.path("region").asText(null);
        if (region == null || region.startsWith("${")) {
            throw new IllegalArgumentException("the stack's aws provider has no literal region; cost needs one to pick prices");
        }
        return region;
    }

    private static JsonNode first(JsonNode node) {
        return node.isArray() ? node.path(0) : node;
    }

    private static String text(JsonNode resource, String field, String address) {
        String value = resource.path(field).asText(null);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException(address + ": " + field + " is " + resource.path(field) + ", not a literal the estimate can price");
        }
        return value;
    }

    private static Map<String, String> freeTypes() {
        Map<String, String> free = new LinkedHashMap<>();
        String network = "VPC networking objects have no charge of their own";
        for (String t : List.of("aws_vpc", "aws_subnet", "aws_route", "aws_route_table", "aws_route_table_association",
            "aws_internet_gateway", "aws_default_security_group", "aws_security_group", "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule", "aws_vpc_endpoint_policy", "aws_vpc_endpoint_security_group_association")) {
            free.put(t, network);
        }
        for (String t : List.of("aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_policy",
            "aws_iam_instance_profile", "aws_iam_openid_connect_provider")) {
            free.put(t, "IAM is free");
        }
        free.put("aws_kms_alias", "aliases are free; the key is priced");
        free.put("aws_ecr_lifecycle_policy", "configuration of a priced repository");
        for (String t : List.of("aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
            "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning",
            "aws_s3_bucket_logging", "aws_s3_bucket_notification")) {
            free.put(t, "configuration of a priced bucket");
        }
        for (String t : List.of("aws_efs_mount_target", "aws_efs_file_system_policy", "aws_efs_backup_policy", "aws_efs_access_point")) {
            free.put(t, "EFS charges for storage (priced on the file system) and backups (usage)");
        }
        for (String t : List.of("aws_db_subnet_group", "aws_rds_cluster_parameter_group", "aws_db_parameter_group",
            "aws_db_proxy_default_target_group", "aws_db_proxy_target")) {
            free.put(t, "configuration of a priced cluster or proxy");
        }
        for (String t : List.of("aws_ecs_cluster", "aws_ecs_cluster_capacity_providers", "aws_ecs_task_definition")) {
            free.put(t, "Fargate charges for running tasks (services and the warm pool are priced; other sandboxes are usage)");
        }
        for (String t : List.of("aws_lambda_alias", "aws_lambda_permission", "aws_lambda_event_source_mapping")) {
            free.put(t, "configuration of a usage-priced function");
        }
        for (String t : List.of("aws_api_gateway_deployment", "aws_api_gateway_integration", "aws_api_gateway_method",
            "aws_api_gateway_method_settings", "aws_api_gateway_resource", "aws_api_gateway_rest_api_policy", "aws_api_gateway_stage")) {
            free.put(t, "API Gateway charges per request (listed on the REST API)");
        }
        for (String t : List.of("aws_cloudwatch_event_rule", "aws_cloudwatch_event_target")) {
            free.put(t, "events from AWS services are free to match and deliver");
        }
        free.put("aws_secretsmanager_secret_version", "the secret is priced, not its versions");
        free.put("aws_lambda_invocation", "one invocation per deploy that changes its input: a fraction of a cent");
        free.put("aws_cloudfront_vpc_origin", "VPC origins have no additional charge (CloudFront's requests and data out are usage)");
        free.put("terraform_data", "Terraform's own bookkeeping: no AWS resource");
        for (String t : List.of("aws_backup_plan", "aws_backup_selection")) {
            free.put(t, "AWS Backup charges for stored backups (usage, on the vault)");
        }
        for (String t : List.of("aws_route53_record", "aws_acm_certificate", "aws_acm_certificate_validation",
            "aws_lb_listener", "aws_lb_listener_rule", "aws_lb_target_group", "aws_wafv2_web_acl_association",
            "aws_wafv2_web_acl_logging_configuration", "aws_cloudfront_response_headers_policy", "aws_cloudfront_origin_request_policy",
            "aws_cloudfront_cache_policy", "aws_sns_topic_subscription", "aws_sns_topic_policy", "aws_budgets_budget",
            "aws_cognito_user_pool_client", "aws_cognito_user_pool_domain", "aws_cognito_user_group",
            "aws_cognito_identity_provider", "aws_appautoscaling_target", "aws_appautoscaling_policy",
            "aws_service_discovery_service", "aws_scheduler_schedule_group", "aws_appautoscaling_scheduled_action")) {
            free.put(t, "no charge of its own (public certificates, records, listeners, policies, budgets are free)");
        }
        return Map.copyOf(free);
    }

    private static Map<String, List<String[]>> usageTypes() {
        Map<String, List<String[]>> usage = new LinkedHashMap<>();
        usage.put("aws_lambda_function", List.of(new String[] {"Lambda compute (ARM)", "lambda.arm.gb-second"},
            new String[] {"Lambda requests", "lambda.requests-million"}));
        usage.put("aws_api_gateway_rest_api", List.<String[]>of(new String[] {"API Gateway REST requests", "apigateway.rest.requests-million"}));
        usage.put("aws_dynamodb_table", List.of(new String[] {"DynamoDB writes (on demand)", "dynamodb.write-million"},
            new String[] {"DynamoDB reads (on demand)", "dynamodb.read-million"},
            new String[] {"DynamoDB storage beyond the free 25 GB", "dynamodb.storage.gb-month"},
            new String[] {"DynamoDB point-in-time recovery", "dynamodb.pitr.gb-month"}));
        usage.put("aws_sqs_queue", List.<String[]>of(new String[] {"SQS requests", "sqs.requests-million"}));
        usage.put("aws_sns_topic", List.<String[]>of(new String[] {"SNS requests", "sns.requests-million"}));
        usage.put("aws_cloudwatch_log_group", List.of(new String[] {"CloudWatch Logs ingestion", "cloudwatch.logs-ingest.gb"},
            new String[] {"CloudWatch Logs storage", "cloudwatch.logs-storage.gb-month"}));
        usage.put("aws_flow_log", List.<String[]>of(new String[] {"VPC flow log ingestion (vended logs)", "cloudwatch.logs-ingest.gb"}));
        usage.put("aws_backup_vault", List.<String[]>of(new String[] {"EFS backup (warm)", "backup.efs-warm.gb-month"}));
        usage.put("aws_cloudfront_distribution", List.of(new String[] {"CloudFront data out (Europe)", "cloudfront.data-out.gb"},
            new String[] {"CloudFront HTTPS requests (Europe)", "cloudfront.https-requests-10k"}));
        usage.put("aws_cognito_user_pool", List.<String[]>of(new String[] {"Cognito monthly active users beyond the free tier", "cognito.mau"}));
        usage.put("aws_scheduler_schedule", List.<String[]>of(new String[] {"EventBridge Scheduler invocations", "scheduler.invocations-million"}));
        return Map.copyOf(usage);
    }

    /** The stack's resources, for following references between them. */
    private static final class Stack {
        final JsonNode root;
        final String region;

        Stack(JsonNode root, String region) {
            this.root = root;
            this.region = region;
        }

        Iterator<JsonNode> resources(String type) {
            return root.path("resource").path(type).elements();
        }

        JsonNode resource(String type, String name) {
            return root.path("resource").path(type).path(name);
        }

        /** The resource a {@code ${type.name.attribute}} expression points at, checked to be of {@code type}. */
        JsonNode referenced(String expression, String type, String from) {
            String[] ref = reference(expression);
            if (ref == null || !ref[0].equals(type) || resource(type, ref[1]).isMissingNode()) {
                throw new IllegalStateException(from + ": expected a reference to a " + type + " of this stack, found '" + expression + "'");
            }
            return resource(type, ref[1]);
        }

        static String[] reference(String expression) {
            Matcher m = REFERENCE.matcher(expression);
            return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
        }
    }

    static Set<String> typesIn(JsonNode stack) {
        Set<String> types = new LinkedHashSet<>();
        stack.path("resource").fieldNames().forEachRemaining(types::add);
        return types;
    }
}
