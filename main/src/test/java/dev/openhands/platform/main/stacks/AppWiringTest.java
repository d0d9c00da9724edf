package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.tiers.AppTier;
import dev.openhands.platform.modules.compute.AppServiceProps;
import dev.openhands.platform.modules.observability.ServiceAlarms;
import dev.openhands.platform.sandbox.metrics.SandboxMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app service as synthesized for staging and prod: who may talk to whom (every security-group rule of the
 * service, compared with the reviewed list), what the app's roles may do, that no credential is plain text, that the
 * container follows the plugin contract, and that every alarm of the stack watches a metric something in the stack
 * publishes.
 */
class AppWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{(aws_[a-z0-9_]+)\\.([^.]+)\\.([a-z_]+)}$");

    static final Map<String, EnvironmentConfig> ENVIRONMENTS = new TreeMap<>();
    static final Map<String, JsonNode> STACKS = new TreeMap<>();

    @BeforeAll
    static void synth() throws IOException {
        for (EnvironmentConfig env : EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging", "prod"))) {
            ENVIRONMENTS.put(env.name(), env);
            STACKS.put(env.name(), JSON.readTree(Testing.synth(new ServiceStack(Testing.app(), env))));
        }
    }

    static JsonNode resource(JsonNode doc, String type, String address) {
        return doc.path("resource").path(type).path(address);
    }

    /** A rule's group or peer as a short name: the group's name without the environment prefix, or a prefix list's service. */
    static String peer(JsonNode doc, String reference, String prefix) {
        if (reference.contains("data.aws_ec2_managed_prefix_list.origin_cloudfront-origin-facing")) {
            return "prefix-list:cloudfront-origin-facing";
        }
        if (reference.startsWith("${data.aws_security_group.")) {
            String lookup = reference.substring("${data.aws_security_group.".length(), reference.lastIndexOf('.'));
            return "data:" + doc.path("data").path("aws_security_group").path(lookup).path("filter").get(0).path("values").get(0).asText();
        }
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            return reference;
        }
        if (m.group(1).equals("aws_security_group")) {
            return resource(doc, "aws_security_group", m.group(2)).path("name").asText().replace(prefix + "-", "");
        }
        if (m.group(1).equals("aws_vpc_endpoint")) {
            String service = resource(doc, "aws_vpc_endpoint", m.group(2)).path("service_name").asText();
            return "prefix-list:" + service.substring(service.lastIndexOf('.') + 1);
        }
        return reference;
    }

    static Set<String> rules(String name) {
        JsonNode doc = STACKS.get(name);
        String prefix = "openhands-" + name;
        Set<String> out = new TreeSet<>();
        for (String direction : List.of("ingress", "egress")) {
            doc.path("resource").path("aws_vpc_security_group_" + direction + "_rule").forEach(rule -> {
                String group = peer(doc, rule.path("security_group_id").asText(), prefix);
                String other = rule.has("referenced_security_group_id") ? peer(doc, rule.path("referenced_security_group_id").asText(), prefix)
                    : rule.has("prefix_list_id") ? peer(doc, rule.path("prefix_list_id").asText(), prefix)
                    : rule.path("cidr_ipv4").asText();
                String ports = rule.path("ip_protocol").asText() + "/" + rule.path("from_port").asText()
                    + (rule.path("from_port").asInt() == rule.path("to_port").asInt() ? "" : "-" + rule.path("to_port").asText());
                out.add(group + (direction.equals("ingress") ? " <- " : " -> ") + other + " " + ports);
            });
        }
        return out;
    }

    /**
     * Every rule between front door, app, proxy, orchestrator, EFS, sandboxes and the endpoints, reviewed: "a -> b"
     * is egress of a to b, "a <- b" ingress into a from b. A new rule anywhere fails this until it is reviewed here.
     */
    static final List<String> EXPECTED_COMMON_RULES = List.of(
        // The app's one way to the internet: the ALB's signing keys, through the allow-list proxy (OHP_ALB_KEY_PROXY).
        "app -> egress-proxy tcp/3128",
        "app -> prefix-list:s3 tcp/443",
        "app -> vpce-bedrock-runtime tcp/443",
        "app -> vpce-ecr-api tcp/443",
        "app -> vpce-ecr-dkr tcp/443",
        "app -> vpce-logs tcp/443",
        "app -> vpce-secretsmanager tcp/443",
        "app-ingress <- origin tcp/3000",
        "egress-proxy -> 0.0.0.0/0 tcp/443",
        "egress-proxy -> 0.0.0.0/0 tcp/80",
        "egress-proxy -> vpce-ecr-api tcp/443",
        "egress-proxy -> vpce-ecr-dkr tcp/443",
        "egress-proxy -> vpce-logs tcp/443",
        "egress-proxy <- app tcp/3128",
        "egress-proxy <- sandbox tcp/3128",
        "orchestrator -> prefix-list:dynamodb tcp/443",
        "orchestrator -> vpce-ecs tcp/443",
        "orchestrator -> vpce-elasticfilesystem tcp/443",
        "orchestrator -> vpce-secretsmanager tcp/443",
        "origin -> app-ingress tcp/3000",
        "origin -> sandbox-router tcp/8080",
        // Through the VPC origin: CloudFront's interfaces (their service-managed group, looked up after the VPC origin
        // exists) and, as the sandboxes' entry inside the VPC, the app's client group.
        "origin <- data:CloudFront-VPCOrigins-Service-SG tcp/443",
        "origin <- origin-client tcp/443",
        "origin-client -> origin tcp/443",
        "sandbox -> egress-proxy tcp/3128",
        "sandbox -> prefix-list:s3 tcp/443",
        "sandbox -> vpce-bedrock-runtime tcp/443",
        "sandbox -> vpce-ecr-api tcp/443",
        "sandbox -> vpce-ecr-dkr tcp/443",
        "sandbox -> vpce-logs tcp/443",
        "sandbox -> vpce-secretsmanager tcp/443",
        "sandbox <- sandbox-caller tcp/60000",
        "sandbox <- sandbox-router tcp/12000",
        "sandbox <- sandbox-router tcp/12001",
        "sandbox <- sandbox-router tcp/60000",
        "sandbox <- sandbox-router tcp/60001",
        "sandbox-api-client -> sandbox-api-endpoint tcp/443",
        "sandbox-api-endpoint <- sandbox-api-client tcp/443",
        "sandbox-caller -> sandbox tcp/60000",
        "sandbox-purge -> prefix-list:dynamodb tcp/443",
        "sandbox-router -> prefix-list:s3 tcp/443",
        "sandbox-router -> sandbox tcp/12000",
        "sandbox-router -> sandbox tcp/12001",
        "sandbox-router -> sandbox tcp/60000",
        "sandbox-router -> sandbox tcp/60001",
        "sandbox-router -> vpce-ecr-api tcp/443",
        "sandbox-router -> vpce-ecr-dkr tcp/443",
        "sandbox-router -> vpce-logs tcp/443",
        "sandbox-router <- origin tcp/8080",
        "vpce-bedrock-runtime <- app tcp/443",
        "vpce-bedrock-runtime <- sandbox tcp/443",
        "vpce-ecr-api <- app tcp/443",
        "vpce-ecr-api <- egress-proxy tcp/443",
        "vpce-ecr-api <- sandbox tcp/443",
        "vpce-ecr-api <- sandbox-router tcp/443",
        "vpce-ecr-dkr <- app tcp/443",
        "vpce-ecr-dkr <- egress-proxy tcp/443",
        "vpce-ecr-dkr <- sandbox tcp/443",
        "vpce-ecr-dkr <- sandbox-router tcp/443",
        "vpce-ecs <- orchestrator tcp/443",
        "vpce-elasticfilesystem <- orchestrator tcp/443",
        "vpce-logs <- app tcp/443",
        "vpce-logs <- egress-proxy tcp/443",
        "vpce-logs <- sandbox tcp/443",
        "vpce-logs <- sandbox-router tcp/443",
        "vpce-secretsmanager <- app tcp/443",
        "vpce-secretsmanager <- orchestrator tcp/443",
        "vpce-secretsmanager <- sandbox tcp/443",
        "workspaces-client -> workspaces-efs tcp/2049",
        "workspaces-efs <- workspaces-client tcp/2049");

    @Test
    void everySecurityGroupRuleIsAReviewedOne() {
        // staging reaches the writer directly (no RDS Proxy outside production), prod through the proxy; staging's NAT is
        // an instance with a group of its own (the private subnets, to 80 and 443 only), prod's a gateway.
        TreeSet<String> staging = new TreeSet<>(EXPECTED_COMMON_RULES);
        staging.addAll(List.of("aurora <- db-client tcp/5432", "db-client -> aurora tcp/5432",
            "nat -> 0.0.0.0/0 tcp/443", "nat -> 0.0.0.0/0 tcp/80", "nat <- 10.50.0.0/20 tcp/443", "nat <- 10.50.0.0/20 tcp/80",
            "nat <- 10.50.16.0/20 tcp/443", "nat <- 10.50.16.0/20 tcp/80"));
        assertThat(rules("staging")).containsExactlyElementsOf(staging);
        TreeSet<String> prod = new TreeSet<>(EXPECTED_COMMON_RULES);
        prod.addAll(List.of("aurora <- proxy tcp/5432", "proxy -> aurora tcp/5432", "proxy <- proxy-client tcp/5432",
            "proxy-client -> proxy tcp/5432",
            // The X-Ray endpoint only where the orchestrator's functions in the VPC trace (sandbox.tracing, on in production).
            "orchestrator -> vpce-xray tcp/443", "vpce-xray <- orchestrator tcp/443"));
        assertThat(rules("prod")).containsExactlyElementsOf(prod);
        for (JsonNode doc : STACKS.values()) {
            for (String direction : List.of("ingress", "egress")) {
                doc.path("resource").path("aws_vpc_security_group_" + direction + "_rule").forEach(rule ->
                    assertThat(rule.path("cidr_ipv4").asText()).as("no rule of the service opens to the world: " + rule)
                        .isNotEqualTo(direction.equals("ingress") ? "0.0.0.0/0" : "never"));
            }
        }
    }

    @Test
    void noTwoSecurityGroupsOfAStackShareAName() {
        // EC2 refuses a second group of the same name in a VPC (InvalidGroup.Duplicate): only an apply would tell.
        for (var stack : STACKS.entrySet()) {
            List<String> names = new ArrayList<>();
            stack.getValue().path("resource").path("aws_security_group").forEach(group -> names.add(group.path("name").asText()));
            assertThat(names).as(stack.getKey()).doesNotHaveDuplicates();
        }
    }

    @Test
    void theAppTasksCarryTheirOwnGroupAndTheClientGroupsOfWhatTheyCall() {
        for (String name : STACKS.keySet()) {
            JsonNode doc = STACKS.get(name);
            JsonNode service = appService(doc);
            List<String> groups = new ArrayList<>();
            service.at("/network_configuration/security_groups").forEach(g -> groups.add(peer(doc, g.asText(), "openhands-" + name)));
            // RDS Proxy in production; outside it the app reaches the writer directly (data.proxy.enabled false in staging).
            String databaseClient = ENVIRONMENTS.get(name).production() ? "proxy-client" : "db-client";
            // The front door's group its load balancer reaches (right after the app's own: the service adds no rule of
            // its own for the load balancer), and the client group of the internal load balancer (the sandboxes' entry).
            assertThat(groups).containsExactly("app", "app-ingress", databaseClient, "sandbox-api-client", "sandbox-caller",
                "origin-client");
            assertThat(service.at("/network_configuration/assign_public_ip").asBoolean()).isFalse();
            assertThat(service.at("/deployment_circuit_breaker/enable").asBoolean()).isTrue();
            assertThat(service.at("/deployment_circuit_breaker/rollback").asBoolean()).isTrue();
            assertThat(service.path("enable_execute_command").asBoolean()).as("ECS Exec off by default").isFalse();
            assertThat(service.at("/load_balancer/0/container_port").asInt()).isEqualTo(AppTier.APP_PORT);
            assertThat(service.at("/lifecycle/ignore_changes/0").asText()).isEqualTo("desired_count");
        }
    }

    static JsonNode appService(JsonNode doc) {
        Iterator<Map.Entry<String, JsonNode>> services = doc.at("/resource/aws_ecs_service").fields();
        while (services.hasNext()) {
            Map.Entry<String, JsonNode> e = services.next();
            if (e.getKey().startsWith("app_")) {
                return e.getValue();
            }
        }
        throw new AssertionError("no app service");
    }

    static JsonNode appContainer(JsonNode doc) throws IOException {
        Iterator<Map.Entry<String, JsonNode>> tasks = doc.at("/resource/aws_ecs_task_definition").fields();
        while (tasks.hasNext()) {
            Map.Entry<String, JsonNode> e = tasks.next();
            if (e.getKey().startsWith("app_")) {
                return JSON.readTree(e.getValue().path("container_definitions").asText()).get(0);
            }
        }
        throw new AssertionError("no app task definition");
    }

    @Test
    void noTaskRoleAllowsAWildcardActionAndTheAppRoleIsScopedToExactResources() throws IOException {
        for (String name : STACKS.keySet()) {
            JsonNode doc = STACKS.get(name);
            Set<String> taskRoles = new TreeSet<>();
            doc.at("/resource/aws_iam_role").fields().forEachRemaining(e -> {
                if (e.getValue().path("assume_role_policy").asText().contains("ecs-tasks.amazonaws.com")) {
                    taskRoles.add(e.getKey());
                }
            });
            assertThat(taskRoles).as(name).anyMatch(r -> r.startsWith("app_task-role")).anyMatch(r -> r.startsWith("app_execution-role"));
            Iterator<Map.Entry<String, JsonNode>> policies = doc.at("/resource/aws_iam_role_policy").fields();
            int checked = 0;
            while (policies.hasNext()) {
                JsonNode policy = policies.next().getValue();
                Matcher role = REFERENCE.matcher(policy.path("role").asText());
                if (!role.matches() || !taskRoles.contains(role.group(2))) {
                    continue;
                }
                checked++;
                for (JsonNode statement : JSON.readTree(policy.path("policy").asText()).path("Statement")) {
                    if (!statement.path("Effect").asText().equals("Allow")) {
                        continue;
                    }
                    for (String action : values(statement.path("Action"))) {
                        assertThat(action).as(name + " " + role.group(2) + " " + statement.path("Sid")).doesNotContain("*");
                    }
                }
            }
            assertThat(checked).as(name + ": the task roles' policies were found").isGreaterThanOrEqualTo(taskRoles.size());

            JsonNode app = appPolicy(doc, "app_task-policy");
            Map<String, JsonNode> bySid = new TreeMap<>();
            app.path("Statement").forEach(st -> bySid.put(st.path("Sid").asText(), st));
            assertThat(values(bySid.get("EventsObjects").path("Resource")).get(0)).startsWith("${aws_s3_bucket.events_").endsWith(".arn}/*");
            assertThat(values(bySid.get("ConnectToTheDatabase").path("Resource")).get(0))
                .startsWith("arn:aws:rds-db:eu-west-1:" + ENVIRONMENTS.get(name).aws().accountId() + ":dbuser:"
                    + (ENVIRONMENTS.get(name).production() ? "${local." : "${aws_rds_cluster.database_cluster_"))
                .endsWith("/openhands_admin");
            assertThat(values(bySid.get("InvokeConfiguredBedrockModels").path("Resource"))).isNotEmpty().allMatch(r -> !r.contains("*"));
            assertThat(bySid).containsKeys("InvokeProfilesOnlyThroughTheVpcEndpoint", "InvokeModelsDirectlyOnlyThroughTheVpcEndpoint")
                .doesNotContainKey("EcsExecChannel");
            JsonNode execution = appPolicy(doc, "app_execution-policy");
            List<String> secretArns = new ArrayList<>();
            execution.path("Statement").forEach(st -> {
                if (st.path("Sid").asText().equals("ReadInjectedSecrets")) {
                    secretArns.addAll(values(st.path("Resource")));
                }
                if (st.path("Sid").asText().equals("PullAppImage")) {
                    assertThat(values(st.path("Resource"))).containsExactly("arn:aws:ecr:eu-west-1:" + ENVIRONMENTS.get(name).aws().accountId()
                        + ":repository/openhands/app");
                }
            });
            assertThat(secretArns).hasSize(2).allMatch(a -> a.startsWith("${aws_secretsmanager_secret."));
        }
    }

    /** A policy element that is a string or a list of strings, as a list. */
    static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    static JsonNode appPolicy(JsonNode doc, String prefix) throws IOException {
        Iterator<Map.Entry<String, JsonNode>> policies = doc.at("/resource/aws_iam_role_policy").fields();
        while (policies.hasNext()) {
            Map.Entry<String, JsonNode> e = policies.next();
            if (e.getKey().startsWith(prefix)) {
                return JSON.readTree(e.getValue().path("policy").asText());
            }
        }
        throw new AssertionError("no " + prefix);
    }

    @Test
    void theContainerFollowsThePluginContractWithEveryCredentialAsAnEcsSecret() throws IOException {
        for (String name : STACKS.keySet()) {
            EnvironmentConfig env = ENVIRONMENTS.get(name);
            JsonNode container = appContainer(STACKS.get(name));
            Map<String, String> variables = new TreeMap<>();
            container.path("environment").forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
            Map<String, String> secrets = new TreeMap<>();
            container.path("secrets").forEach(v -> secrets.put(v.path("name").asText(), v.path("valueFrom").asText()));
            assertThat(variables).containsKeys("OHP_AWS_REGION", "OHP_ALB_ARN", "OHP_OIDC_ISSUER", "OHP_OIDC_CLIENT_ID", "OHP_DEFAULT_LLM_MODEL",
                "OHP_DB_HOST", "OHP_DB_PORT", "OHP_DB_NAME", "OHP_DB_USER", "OHP_DB_IAM_AUTH", "OHP_DENY_COMMANDS", "OHP_CONFIRMATION_MODE",
                "OHP_SANDBOX_IMAGES", "FILE_STORE", "FILE_STORE_PATH", "SANDBOX_REMOTE_RUNTIME_API_URL", "OH_WEB_URL", "AWS_REGION_NAME");
            // The V0 deny-list and owner header live in the plugin's runtime: stock "remote" here would switch both off.
            assertThat(variables).containsEntry("RUNTIME", AppTier.RUNTIME_CLASS);
            assertThat(variables).containsEntry("OPENHANDS_CONFIG_CLS", AppTier.CONFIG_CLASS)
                .containsEntry("OHP_DB_IAM_AUTH", "true")
                .containsEntry("OHP_CONFIRMATION_MODE", "true")
                .containsEntry("OHP_DEFAULT_LLM_MODEL", "bedrock/" + env.bedrock().defaultModel())
                .containsEntry("OH_WEB_URL", env.app().orElseThrow().publicUrl());
            List<String> deny = new ArrayList<>();
            JSON.readTree(variables.get("OHP_DENY_COMMANDS")).forEach(d -> deny.add(d.asText()));
            assertThat(deny).isEqualTo(env.app().orElseThrow().denyCommands());
            assertThat(variables.keySet()).noneMatch(k -> AppServiceProps.SECRET_LOOKING.matcher(k).matches());
            assertThat(secrets.keySet()).containsExactly("JWT_SECRET", "SANDBOX_API_KEY");
            assertThat(secrets.values()).allMatch(arn -> arn.matches("^\\$\\{aws_secretsmanager_secret\\.[^.]+\\.arn}$"));
            assertThat(container.path("command")).extracting(JsonNode::asText).containsExactlyElementsOf(AppTier.COMMAND);
            assertThat(container.path("readonlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.at("/linuxParameters/capabilities/drop/0").asText()).isEqualTo("ALL");
            assertThat(container.path("image").asText()).endsWith("/openhands/app:" + env.app().orElseThrow().openhandsVersion() + "-platform");
        }
    }

    @Test
    void theAppReachesTheAlbKeyEndpointThroughTheEgressProxyAndOnlyThatFetchUsesIt() throws IOException {
        String keyHost = AppTier.albKeyHost("eu-west-1");
        assertThat(keyHost).isEqualTo("public-keys.auth.elb.eu-west-1.amazonaws.com");
        for (String name : STACKS.keySet()) {
            JsonNode doc = STACKS.get(name);
            Map<String, String> variables = new TreeMap<>();
            appContainer(doc).path("environment").forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
            // The same proxy the sandboxes are told, by its in-VPC name.
            String proxyUrl = EgressWiringTest.environment(EgressWiringTest.container(doc, "openhands-" + name + "-sandbox-template"))
                .get("HTTPS_PROXY");
            assertThat(proxyUrl).isEqualTo("http://proxy.egress.openhands-" + name + ".internal:3128");
            assertThat(variables).as(name).containsEntry("OHP_ALB_KEY_PROXY", proxyUrl);
            // Not a process-wide proxy: Bedrock, S3, the orchestrator and the sandboxes stay on their VPC paths.
            assertThat(variables.keySet()).as(name).noneMatch(k -> k.equalsIgnoreCase("HTTPS_PROXY") || k.equalsIgnoreCase("HTTP_PROXY"));
            String squid = EgressWiringTest.environment(EgressWiringTest.container(doc, "openhands-" + name + "-egress-proxy")).get("SQUID_CONF");
            String allowed = squid.lines().filter(l -> l.startsWith("acl allowed_hosts ")).findFirst().orElseThrow();
            assertThat(List.of(allowed.split(" "))).as(name + ": the proxy admits the key host").contains(keyHost);
        }
    }

    @Test
    void theClassPathsTheTaskNamesAreThePluginsOwn() throws IOException {
        Path plugin = ProjectFiles.root().resolve("plugin/openhands_platform");
        assertThat(Files.readString(plugin.resolve("runtime_name.py")))
            .contains("DENY_LIST_RUNTIME = \"" + AppTier.RUNTIME_CLASS + "\"");
        assertThat(Files.readString(plugin.resolve("server_config.py"))).contains("\"" + AppTier.CONFIG_CLASS + "\"");
    }

    /**
     * What AWS publishes for the resource types of this stack (CloudWatch's per-service metric lists), and what the
     * orchestrator publishes ({@link SandboxMetrics}). An alarm on anything else watches nothing.
     */
    static final Map<String, Map<String, Set<String>>> AWS_PUBLISHED = Map.of(
        "AWS/ApplicationELB", Map.of("aws_lb", Set.of("RequestCount", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count",
            "UnHealthyHostCount", "HealthyHostCount", "TargetResponseTime")),
        "AWS/ECS", Map.of("aws_ecs_service", Set.of("CPUUtilization", "MemoryUtilization")),
        "AWS/RDS", Map.of("aws_rds_cluster", Set.of("ServerlessDatabaseCapacity", "ACUUtilization", "DatabaseConnections"),
            "aws_db_proxy", Set.of("ClientConnectionsSetupFailedAuth", "DatabaseConnectionsSetupFailed", "ClientConnections")),
        "AWS/Lambda", Map.of("aws_lambda_function", Set.of("Errors", "Throttles", "Duration")),
        "AWS/SQS", Map.of("aws_sqs_queue", Set.of("ApproximateNumberOfMessagesVisible")),
        "AWS/Bedrock", Map.of("aws_vpc_endpoint", Set.of("InputTokenCount", "OutputTokenCount", "InvocationThrottles")),
        "AWS/WAFV2", Map.of("aws_wafv2_web_acl", Set.of("BlockedRequests", "AllowedRequests")));

    static Set<String> orchestratorMetrics() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : SandboxMetrics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    @Test
    void everyAlarmWatchesAMetricThatSomethingInTheStackPublishes() throws Exception {
        Set<String> orchestrator = orchestratorMetrics();
        // The dashboard's sandbox widget reads these too.
        assertThat(orchestrator).contains(ServiceAlarms.START_LATENCY, ServiceAlarms.CREATION_FAILURES, ServiceAlarms.WARM_POOL_AVAILABLE);
        for (String name : STACKS.keySet()) {
            JsonNode doc = STACKS.get(name);
            List<String> watched = new ArrayList<>();
            doc.at("/resource/aws_cloudwatch_metric_alarm").forEach(alarm -> {
                if (alarm.has("metric_name")) {
                    watched.add(alarm.path("namespace").asText() + " " + alarm.path("metric_name").asText());
                }
                alarm.path("metric_query").forEach(q -> {
                    if (q.has("metric")) {
                        watched.add(q.at("/metric/namespace").asText() + " " + q.at("/metric/metric_name").asText());
                    }
                });
            });
            // The front door's web ACL is watched too, from us-east-1 where its metrics are (EdgeFirewallMonitoring).
            assertThat(watched).as(name).contains("AWS/ApplicationELB HTTPCode_Target_5XX_Count", "AWS/RDS ServerlessDatabaseCapacity",
                "OpenHands/Sandbox StartLatency", "AWS/ECS MemoryUtilization", "AWS/WAFV2 BlockedRequests");
            // The proxy's connection metrics are watched exactly where there is a proxy to publish them.
            if (ENVIRONMENTS.get(name).production()) {
                assertThat(watched).as(name).contains("AWS/RDS ClientConnectionsSetupFailedAuth");
            } else {
                assertThat(watched).as(name).noneMatch(metric -> metric.contains("ConnectionsSetupFailed"));
            }
            for (String metric : watched) {
                String namespace = metric.split(" ")[0];
                String metricName = metric.split(" ")[1];
                if (namespace.equals("OpenHands/Sandbox")) {
                    assertThat(orchestrator).as(name + ": the orchestrator publishes " + metricName).contains(metricName);
                    continue;
                }
                Map<String, Set<String>> byType = AWS_PUBLISHED.get(namespace);
                assertThat(byType).as(name + ": " + metric + " is a known AWS namespace").isNotNull();
                boolean published = byType.entrySet().stream().anyMatch(e -> e.getValue().contains(metricName)
                    && doc.path("resource").has(e.getKey()));
                assertThat(published).as(name + ": " + metric + " is published by a resource of the stack").isTrue();
            }
            assertThat(doc.at("/resource/aws_cloudwatch_dashboard").size()).as("one dashboard").isEqualTo(1);
        }
    }
}
