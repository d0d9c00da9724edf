package dev.openhands.platform.modules.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** The project's secure defaults as guard-rails. Documented in docs/guardrails.md. */
public final class SecurityRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecurityRules() {
    }

    private record SimpleRule(String id, String description, Set<String> resourceTypes,
                              BiFunction<String, Map<String, Object>, List<String>> body) implements Rule {
        @Override
        public List<String> check(String resourceType, Map<String, Object> attributes) {
            return body.apply(resourceType, attributes);
        }
    }

    public static final Rule NO_WILDCARD_ACTIONS = new SimpleRule("OH-IAM1",
        "No policy statement allows the action '*' or 'service:*'; the exceptions are kms:* granted to the account root"
            + " in a key policy (it hands key administration to IAM) and a VPC endpoint's account perimeter (any action, only"
            + " while aws:PrincipalAccount and aws:ResourceAccount both equal the account: it grants nothing by itself).",
        Set.of("aws_iam_role_policy", "aws_iam_policy", "aws_iam_role", "aws_vpc_endpoint", "aws_kms_key",
            "aws_s3_bucket_policy", "aws_ecr_repository_policy", "aws_secretsmanager_secret_policy"),
        (type, attributes) -> {
            List<String> problems = new ArrayList<>();
            for (String attribute : List.of("policy", "assume_role_policy")) {
                if (attributes.get(attribute) instanceof String text && text.strip().startsWith("{")) {
                    problems.addAll(wildcardActions(type, text));
                }
            }
            return problems;
        });

    public static final Rule IMDS_V2 = new SimpleRule("OH-EC2-1",
        "EC2 instances require IMDSv2 session tokens (http_tokens = required).",
        Set.of("aws_instance", "aws_launch_template"),
        (type, attributes) -> "required".equals(nested(attributes, "metadata_options", "http_tokens"))
            ? List.of() : List.of("metadata_options.http_tokens is not \"required\""));

    public static final Rule ENCRYPTED_ROOT_VOLUME = new SimpleRule("OH-EC2-2",
        "EC2 root volumes are encrypted.",
        Set.of("aws_instance"),
        (type, attributes) -> Boolean.TRUE.equals(nested(attributes, "root_block_device", "encrypted"))
            ? List.of() : List.of("root_block_device.encrypted is not true"));

    public static final Rule NO_PUBLIC_ADDRESS = new SimpleRule("OH-EC2-3",
        "Instances and subnets never hand out public IPv4 addresses; the only public entry is the front door.",
        Set.of("aws_instance", "aws_subnet"),
        (type, attributes) -> {
            String attribute = type.equals("aws_instance") ? "associate_public_ip_address" : "map_public_ip_on_launch";
            return Boolean.TRUE.equals(attributes.get(attribute)) ? List.of(attribute + " is true") : List.of();
        });

    public static final Rule NO_WORLD_INGRESS = new SimpleRule("OH-SG1",
        "No security group admits traffic from 0.0.0.0/0 or ::/0.",
        Set.of("aws_vpc_security_group_ingress_rule", "aws_security_group", "aws_security_group_rule"),
        (type, attributes) -> {
            List<String> open = new ArrayList<>();
            if (type.equals("aws_vpc_security_group_ingress_rule")) {
                if ("0.0.0.0/0".equals(attributes.get("cidr_ipv4")) || "::/0".equals(attributes.get("cidr_ipv6"))) {
                    open.add("ingress from anywhere");
                }
            } else if (type.equals("aws_security_group_rule")) {
                if ("ingress".equals(attributes.get("type")) && String.valueOf(attributes.get("cidr_blocks")).contains("0.0.0.0/0")) {
                    open.add("ingress from anywhere");
                }
            } else if (String.valueOf(attributes.get("ingress")).matches("(?s).*(0\\.0\\.0\\.0/0|::/0).*")) {
                open.add("inline ingress from anywhere");
            }
            return open;
        });

    public static final Rule ENCRYPTED_LOGS = new SimpleRule("OH-LOG1",
        "Log groups are encrypted with a customer-managed KMS key and expire (retention_in_days set).",
        Set.of("aws_cloudwatch_log_group"),
        (type, attributes) -> {
            List<String> problems = new ArrayList<>();
            if (!(attributes.get("kms_key_id") instanceof String key) || key.isBlank()) {
                problems.add("kms_key_id is not set");
            }
            if (!(attributes.get("retention_in_days") instanceof Number days) || days.intValue() <= 0) {
                problems.add("retention_in_days is not set");
            }
            return problems;
        });

    public static final Rule KEY_ROTATION = new SimpleRule("OH-KMS1",
        "Customer-managed keys rotate yearly.",
        Set.of("aws_kms_key"),
        (type, attributes) -> Boolean.TRUE.equals(attributes.get("enable_key_rotation"))
            ? List.of() : List.of("enable_key_rotation is not true"));

    public static final Rule IMMUTABLE_SCANNED_IMAGES = new SimpleRule("OH-ECR1",
        "Image repositories have immutable tags and scan on push.",
        Set.of("aws_ecr_repository"),
        (type, attributes) -> {
            List<String> problems = new ArrayList<>();
            if (!"IMMUTABLE".equals(attributes.get("image_tag_mutability"))) {
                problems.add("image_tag_mutability is not IMMUTABLE");
            }
            if (!Boolean.TRUE.equals(nested(attributes, "image_scanning_configuration", "scan_on_push"))) {
                problems.add("image_scanning_configuration.scan_on_push is not true");
            }
            return problems;
        });

    public static final Rule ENCRYPTED_PRIVATE_DATABASES = new SimpleRule("OH-RDS1",
        "Databases are encrypted with a customer-managed key, keep no password in Terraform, and are never publicly accessible.",
        Set.of("aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_instance"),
        (type, attributes) -> {
            List<String> problems = new ArrayList<>();
            if (type.equals("aws_rds_cluster_instance")) {
                if (Boolean.TRUE.equals(attributes.get("publicly_accessible"))) {
                    problems.add("publicly_accessible is true");
                }
                return problems;
            }
            if (type.equals("aws_db_instance") && Boolean.TRUE.equals(attributes.get("publicly_accessible"))) {
                problems.add("publicly_accessible is true");
            }
            if (!Boolean.TRUE.equals(attributes.get("storage_encrypted"))) {
                problems.add("storage_encrypted is not true");
            }
            if (!(attributes.get("kms_key_id") instanceof String key) || key.isBlank()) {
                problems.add("kms_key_id is not set (the AWS-managed key cannot be shared or audited per environment)");
            }
            if (attributes.containsKey("master_password") || attributes.containsKey("password")) {
                problems.add("a password is written into the configuration and state; use manage_master_user_password");
            }
            return problems;
        });

    public static final Rule ENCRYPTED_FILE_SYSTEMS = new SimpleRule("OH-EFS1",
        "File systems are encrypted with a customer-managed key.",
        Set.of("aws_efs_file_system"),
        (type, attributes) -> Boolean.TRUE.equals(attributes.get("encrypted")) && attributes.get("kms_key_id") instanceof String
            ? List.of() : List.of("encrypted with a customer key is not set"));

    public static final Rule UNPRIVILEGED_TASKS = new SimpleRule("OH-ECS1",
        "ECS task definitions use awsvpc networking (each task its own security group) and run no privileged container.",
        Set.of("aws_ecs_task_definition"),
        (type, attributes) -> {
            List<String> problems = new ArrayList<>();
            if (!"awsvpc".equals(attributes.get("network_mode"))) {
                problems.add("network_mode is not awsvpc");
            }
            if (attributes.get("container_definitions") instanceof String text) {
                try {
                    for (JsonNode container : JSON.readTree(text)) {
                        if (container.path("privileged").asBoolean(false)) {
                            problems.add("container " + container.path("name").asText("?") + " is privileged");
                        }
                    }
                } catch (IOException e) {
                    problems.add("container_definitions is not valid JSON: " + e.getMessage());
                }
            }
            return problems;
        });

    public static final Rule RECOVERABLE_ENCRYPTED_TABLES = new SimpleRule("OH-DDB1",
        "DynamoDB tables are encrypted with a customer-managed key and keep point-in-time recovery on.",
        Set.of("aws_dynamodb_table"),
        (type, attributes) -> {
            List<String> problems = new ArrayList<>();
            if (!Boolean.TRUE.equals(nested(attributes, "server_side_encryption", "enabled"))
                || !(nested(attributes, "server_side_encryption", "kms_key_arn") instanceof String)) {
                problems.add("server_side_encryption with a customer key is not set");
            }
            if (!Boolean.TRUE.equals(nested(attributes, "point_in_time_recovery", "enabled"))) {
                problems.add("point_in_time_recovery is not enabled");
            }
            return problems;
        });

    public static final Rule ENDPOINT_POLICIES = new SimpleRule("OH-VPCE1",
        "Every VPC endpoint carries a policy (without one it passes any request to any account), and each Allow statement"
            + " of it either names its resources or pins aws:PrincipalAccount and aws:ResourceAccount to one account.",
        Set.of("aws_vpc_endpoint"),
        (type, attributes) -> {
            if (!(attributes.get("policy") instanceof String text) || !text.strip().startsWith("{")) {
                return List.of("no policy written out: the endpoint gets AWS's full-access default");
            }
            List<String> problems = new ArrayList<>();
            for (JsonNode statement : allowStatements(text, problems)) {
                boolean anyResource = false;
                for (JsonNode resource : asArray(statement.path("Resource"))) {
                    anyResource |= resource.asText().equals("*");
                }
                if (anyResource && !pinsBothAccounts(statement)) {
                    problems.add("statement " + statement.path("Sid").asText("(no Sid)") + " allows any resource without pinning"
                        + " aws:PrincipalAccount and aws:ResourceAccount");
                }
            }
            return problems;
        });

    public static final List<Rule> ALL = List.of(NO_WILDCARD_ACTIONS, IMDS_V2, ENCRYPTED_ROOT_VOLUME, NO_PUBLIC_ADDRESS,
        NO_WORLD_INGRESS, ENCRYPTED_LOGS, KEY_ROTATION, IMMUTABLE_SCANNED_IMAGES, ENCRYPTED_PRIVATE_DATABASES,
        ENCRYPTED_FILE_SYSTEMS, UNPRIVILEGED_TASKS, RECOVERABLE_ENCRYPTED_TABLES, ENDPOINT_POLICIES);

    /** Whether a statement holds only while the caller's and the resource's account are one and the same. */
    private static boolean pinsBothAccounts(JsonNode statement) {
        JsonNode equal = statement.path("Condition").path("StringEquals");
        JsonNode principal = equal.path("aws:PrincipalAccount");
        return principal.isTextual() && principal.equals(equal.path("aws:ResourceAccount"));
    }

    private static JsonNode asArray(JsonNode node) {
        return node.isArray() ? node : JSON.createArrayNode().add(node);
    }

    private static Object nested(Map<String, Object> attributes, String block, String key) {
        Object value = attributes.get(block);
        if (value instanceof List<?> list && !list.isEmpty()) {
            value = list.get(0);
        }
        return value instanceof Map<?, ?> map ? map.get(key) : null;
    }

    /** The Allow statements of a policy document; a document that is no JSON adds a problem and has none. */
    private static List<JsonNode> allowStatements(String policy, List<String> problems) {
        JsonNode doc;
        try {
            doc = JSON.readTree(policy);
        } catch (IOException e) {
            problems.add("policy is not valid JSON: " + e.getMessage());
            return List.of();
        }
        List<JsonNode> allows = new ArrayList<>();
        for (JsonNode statement : asArray(doc.path("Statement"))) {
            if ("Allow".equals(statement.path("Effect").asText())) {
                allows.add(statement);
            }
        }
        return allows;
    }

    private static List<String> wildcardActions(String type, String policy) {
        List<String> problems = new ArrayList<>();
        for (JsonNode statement : allowStatements(policy, problems)) {
            for (JsonNode action : asArray(statement.path("Action"))) {
                String name = action.asText();
                boolean rootKeyAdmin = type.equals("aws_kms_key") && name.equals("kms:*")
                    && statement.path("Principal").path("AWS").asText().endsWith(":root");
                boolean endpointPerimeter = type.equals("aws_vpc_endpoint") && pinsBothAccounts(statement);
                if ((name.equals("*") || name.endsWith(":*")) && !rootKeyAdmin && !endpointPerimeter) {
                    problems.add("statement " + statement.path("Sid").asText("(no Sid)") + " allows '" + name + "'");
                }
            }
        }
        return problems;
    }
}
