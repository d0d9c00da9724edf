package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Terraform override file that points a synthesized stack at the emulator: provider endpoints and test
 * credentials, the backend (a local file, or the stack's own S3 backend aimed at the emulator), and AWS public SSM
 * parameters (which the emulator does not carry) renamed to copies the harness seeds. The synthesized stack itself
 * is left exactly as production gets it.
 */
public final class EmulatorOverride {

    public static final String FILE_NAME = "zz_emulator_override.tf.json";
    static final String SEEDED_PARAMETER_PREFIX = "/openhands-emulator";

    /** Provider endpoint keys for every service the stacks of this project use. */
    static final List<String> SERVICES = List.of("acm", "apigateway", "applicationautoscaling", "backup", "budgets", "cloudfront", "cloudwatch", "cognitoidp",
        "dynamodb", "ec2", "ecr", "ecs", "efs", "eks", "elbv2", "events", "iam", "kms", "lambda", "logs", "rds",
        "route53", "s3", "scheduler", "secretsmanager", "servicediscovery", "sns", "sqs", "ssm", "sts", "wafv2");

    /**
     * Resource types moto 5.2 does not fully implement (no CreateBackupSelection, no EFS PutBackupPolicy, no EFS
     * DeleteFileSystemPolicy, a REST API policy the provider cannot read back): the provider would retry them until
     * its timeout or fail. Emulator runs leave them out; synth
     * tests and terraform validate cover them.
     */
    static final List<String> NOT_EMULATED = List.of("aws_backup_selection", "aws_efs_backup_policy", "aws_efs_file_system_policy",
        // moto returns a REST API's resource policy unescaped, so every provider read of it fails to parse.
        "aws_api_gateway_rest_api_policy",
        // moto does not implement DescribeSubscribersForNotification, which every provider read of a budget calls.
        "aws_budgets_budget",
        // moto does not implement Application Auto Scaling's ListTagsForResource, which the provider calls after
        // RegisterScalableTarget and retries until its timeout; the policies hang off the target.
        "aws_appautoscaling_target", "aws_appautoscaling_policy",
        // Office hours' scheduled actions act on that target (moto implements PutScheduledAction, but the target they
        // need is left out above).
        "aws_appautoscaling_scheduled_action",

        // lambda Invoke of the origin secret's rotation function: moto runs Lambda code only in Docker, which emulator
        // runs do not have; OriginSecretRotationTest runs the handler, synth tests check the invocation.
        "aws_lambda_invocation");

    /**
     * Resource types moto 5.2 cannot serve that other resources refer to: these leave together with everything that
     * refers to them (see {@link #leftOut}), and outputs naming them report "not emulated".
     */
    static final List<String> NOT_EMULATED_WITH_DEPENDENTS = List.of(
        // moto has no CreateResponseHeadersPolicy (nor any CloudFront policy API): the distributions naming the
        // policies, their alias records and the distribution_ids output leave with them.
        "aws_cloudfront_response_headers_policy",
        // moto 5.2 has no CreateVpcOrigin (no VPC origin API at all): the lookup of CloudFront's service-managed group
        // (which only a deployed VPC origin creates) and the load balancer's rule admitting it leave with it.
        "aws_cloudfront_vpc_origin");

    /** How a data source's address begins (a resource's is {@code type.id}). */
    static final String DATA = "data.";

    /** What a left-out resource's references to other left-out resources read in an emulator run. */
    static final String NOT_EMULATED_VALUE = "not emulated";

    /**
     * Attributes moto 5.2 stores but does not read back as AWS does, per resource type: a plan right after apply
     * would show them changing forever. The harness tells Terraform to ignore exactly these in emulator runs; synth
     * tests check their values. Security-group rules qualify only when they reference a group or a prefix list.
     */
    static final Map<String, List<String>> NOT_READ_BACK = Map.of(
        "aws_vpc_security_group_ingress_rule", List.of("description"),
        "aws_vpc_security_group_egress_rule", List.of("description"),
        "aws_rds_cluster", List.of("scaling_configuration"),
        "aws_rds_cluster_instance", List.of("performance_insights_enabled", "performance_insights_kms_key_id"),
        "aws_backup_plan", List.of("tags_all"),
        "aws_backup_vault", List.of("tags_all"),
        "aws_lambda_function", List.of("kms_key_arn", "dead_letter_config", "snap_start", "file_system_config"),
        "aws_route53_zone", List.of("vpc"),
        // moto keeps no health check grace period (the app service's 120 s and the sandbox router's read back as 0), and
        // drops a service's capacity provider strategy, reading it back with launch type EC2 (staging's Spot services).
        "aws_ecs_service", List.of("enable_ecs_managed_tags", "availability_zone_rebalancing", "health_check_grace_period_seconds",
            "capacity_provider_strategy", "launch_type"),
        // moto returns neither the custom health check block nor the top-level namespace id; the block forces replacement.
        "aws_service_discovery_service", List.of("health_check_custom_config", "namespace_id"));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EmulatorOverride() {
    }

    /** A local-file backend, for stacks whose state cannot live in the emulator (the state bootstrap). */
    public static ObjectNode localBackend(Path stateFile) {
        ObjectNode backend = JSON.createObjectNode();
        backend.putObject("local").put("path", stateFile.toString());
        return backend;
    }

    /**
     * The stack's own S3 backend (bucket, key, region, lock file, encryption) aimed at the emulator. Terraform
     * replaces a backend block wholesale from an override, so every setting is repeated here.
     */
    public static ObjectNode s3Backend(JsonNode stack, String endpoint) {
        JsonNode original = stack.path("terraform").path("backend").path("s3");
        if (!original.isObject()) {
            throw new IllegalStateException("the stack has no S3 backend to aim at the emulator");
        }
        ObjectNode s3 = JSON.createObjectNode();
        for (String field : List.of("bucket", "key", "region", "encrypt", "kms_key_id", "use_lockfile")) {
            if (original.has(field)) {
                s3.set(field, original.get(field));
            }
        }
        s3.put("access_key", "emulator").put("secret_key", "emulator")
            .put("skip_credentials_validation", true)
            .put("skip_requesting_account_id", true)
            .put("skip_metadata_api_check", true)
            .put("skip_region_validation", true)
            .put("use_path_style", true);
        s3.putObject("endpoints").put("s3", endpoint).put("sts", endpoint).put("iam", endpoint);
        ObjectNode backend = JSON.createObjectNode();
        backend.set("s3", s3);
        return backend;
    }

    /**
     * Writes the override next to {@code cdk.tf.json} in {@code stackDir}.
     *
     * @return public parameter name to the seeded name the stack now reads instead
     */
    public static Map<String, String> write(Path stackDir, String endpoint, ObjectNode backend) throws IOException {
        JsonNode stack = JSON.readTree(stackDir.resolve("cdk.tf.json").toFile());
        ObjectNode override = JSON.createObjectNode();

        ObjectNode provider = JSON.createObjectNode()
            .put("access_key", "emulator")
            .put("secret_key", "emulator")
            .put("skip_credentials_validation", true)
            .put("skip_metadata_api_check", "true")
            .put("skip_region_validation", true)
            .put("s3_use_path_style", true);
        ObjectNode endpoints = provider.putArray("endpoints").addObject();
        SERVICES.forEach(service -> endpoints.put(service, endpoint));
        ArrayNode providers = override.putObject("provider").putArray("aws");
        providers.add(provider);
        // An override merges into the provider block of the same alias, so every aliased provider (CloudFront's
        // us-east-1 one) is pointed at the emulator too.
        for (JsonNode declared : stack.path("provider").path("aws")) {
            if (declared.has("alias")) {
                providers.add(provider.deepCopy().put("alias", declared.get("alias").asText()));
            }
        }

        override.putObject("terraform").set("backend", backend);

        // moto 5.2 treats a Deny statement whose condition it cannot evaluate (aws:SecureTransport, s3:TlsVersion)
        // as an unconditional deny, so a TLS-only bucket policy locks every client out of the emulated bucket.
        // Emulator runs leave such policies out; the synth tests check them.
        Iterator<Map.Entry<String, JsonNode>> policies = stack.path("resource").path("aws_s3_bucket_policy").fields();
        while (policies.hasNext()) {
            Map.Entry<String, JsonNode> entry = policies.next();
            String policy = entry.getValue().path("policy").asText();
            if (policy.contains("\"Deny\"") && policy.contains("\"Condition\"")) {
                ((ObjectNode) override.with("resource").with("aws_s3_bucket_policy")).putObject(entry.getKey()).put("count", 0);
            }
        }

        for (String type : NOT_EMULATED) {
            Iterator<String> ids = stack.path("resource").path(type).fieldNames();
            while (ids.hasNext()) {
                ((ObjectNode) override.with("resource").with(type)).putObject(ids.next()).put("count", 0);
            }
        }
        List<String> leftOut = leftOut(stack);
        for (String address : leftOut) {
            String kind = address.startsWith(DATA) ? "data" : "resource";
            String local = address.startsWith(DATA) ? address.substring(DATA.length()) : address;
            String type = local.substring(0, local.indexOf('.'));
            String id = local.substring(local.indexOf('.') + 1);
            JsonNode original = stack.path(kind).path(type).path(id);
            ObjectNode resource = ((ObjectNode) override.with(kind).with(type)).putObject(id);
            // Terraform checks every reference even in a resource without instances, and a reference to a resource
            // with count needs an index: each argument naming a left-out resource is rewritten without the reference.
            Iterator<Map.Entry<String, JsonNode>> arguments = original.fields();
            while (arguments.hasNext()) {
                Map.Entry<String, JsonNode> argument = arguments.next();
                if (!argument.getKey().equals("depends_on") && refersToAny(argument.getValue(), leftOut)) {
                    resource.set(argument.getKey(), withoutReferences(argument.getValue(), leftOut));
                }
            }
            // count and for_each exclude each other: a for_each resource is left out by iterating over nothing.
            if (original.has("for_each")) {
                resource.putObject("for_each");
            } else {
                resource.put("count", 0);
            }
        }
        // An override file can only change what the configuration declares, so the zone goes into a file of its own.
        Optional<String> publicZone = emulatePublicZone(stack, override, leftOut);
        Path zoneFile = stackDir.resolve(PUBLIC_ZONE_FILE_NAME);
        if (publicZone.isPresent()) {
            ObjectNode zoneConfig = JSON.createObjectNode();
            ((ObjectNode) zoneConfig.with("resource").with("aws_route53_zone")).putObject(EMULATED_PUBLIC_ZONE)
                .put("name", publicZone.get()).put("force_destroy", true);
            Files.writeString(zoneFile, JSON.writeValueAsString(zoneConfig));
        } else {
            Files.deleteIfExists(zoneFile);
        }
        Iterator<Map.Entry<String, JsonNode>> outputs = stack.path("output").fields();
        while (outputs.hasNext()) {
            Map.Entry<String, JsonNode> output = outputs.next();
            if (refersToAny(output.getValue(), leftOut)) {
                override.with("output").putObject(output.getKey()).put("value", NOT_EMULATED_VALUE);
            }
        }

        for (Map.Entry<String, List<String>> quirk : NOT_READ_BACK.entrySet()) {
            Iterator<Map.Entry<String, JsonNode>> resources = stack.path("resource").path(quirk.getKey()).fields();
            while (resources.hasNext()) {
                Map.Entry<String, JsonNode> resource = resources.next();
                boolean rule = quirk.getKey().startsWith("aws_vpc_security_group_");
                if (rule && !resource.getValue().has("referenced_security_group_id") && !resource.getValue().has("prefix_list_id")) {
                    continue;
                }
                ObjectNode lifecycle = ((ObjectNode) override.with("resource").with(quirk.getKey())).with(resource.getKey()).putObject("lifecycle");
                quirk.getValue().forEach(lifecycle.putArray("ignore_changes")::add);
            }
        }

        Map<String, String> renamed = new LinkedHashMap<>();
        JsonNode parameters = stack.path("data").path("aws_ssm_parameter");
        Iterator<Map.Entry<String, JsonNode>> it = parameters.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getValue().path("name").asText();
            if (name.startsWith("/aws/service/")) {
                String seeded = SEEDED_PARAMETER_PREFIX + name;
                renamed.put(name, seeded);
                ((ObjectNode) override.with("data").with("aws_ssm_parameter")).putObject(entry.getKey()).put("name", seeded);
            }
        }
        Files.writeString(stackDir.resolve(FILE_NAME), JSON.writeValueAsString(override));
        return renamed;
    }

    /**
     * Addresses ({@code type.id}, {@code data.type.id}) of the resources and data sources an emulator run leaves out with
     * their dependents: those of {@link #NOT_EMULATED_WITH_DEPENDENTS} types and, until nothing changes, every resource or
     * data source that refers to one (a {@code depends_on} counts).
     */
    static List<String> leftOut(JsonNode stack) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        NOT_EMULATED_WITH_DEPENDENTS.forEach(type -> stack.path("resource").path(type).fieldNames().forEachRemaining(id -> out.add(type + "." + id)));
        boolean grew = !out.isEmpty();
        while (grew) {
            grew = false;
            // Data sources too: one that depends on a left-out resource would read something the emulator never made.
            for (String kind : List.of("resource", "data")) {
                Iterator<Map.Entry<String, JsonNode>> types = stack.path(kind).fields();
                while (types.hasNext()) {
                    Map.Entry<String, JsonNode> type = types.next();
                    Iterator<Map.Entry<String, JsonNode>> resources = type.getValue().fields();
                    while (resources.hasNext()) {
                        Map.Entry<String, JsonNode> resource = resources.next();
                        String address = (kind.equals("data") ? DATA : "") + type.getKey() + "." + resource.getKey();
                        if (!out.contains(address) && refersToAny(resource.getValue(), List.copyOf(out))) {
                            out.add(address);
                            grew = true;
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The public hosted zone the emulator holds instead of the account's own (which the stack names by id only). */
    static final String EMULATED_PUBLIC_ZONE = "emulated-public-zone";
    static final String PUBLIC_ZONE_FILE_NAME = "zz_emulator_public_zone.tf.json";

    /**
     * Records in a public hosted zone the stack does not create (named by a literal zone id, as the front door's
     * certificate validation records are) go into a zone the override creates: moto has no zone of that id. The
     * zone is named after the longest common suffix of the certificates' names, which the real zone holds too.
     *
     * @return the name of the zone to create, if any record needs it
     */
    private static Optional<String> emulatePublicZone(JsonNode stack, ObjectNode override, List<String> leftOut) {
        List<String> names = new java.util.ArrayList<>();
        stack.path("resource").path("aws_acm_certificate").forEach(certificate -> {
            names.add(certificate.path("domain_name").asText());
            certificate.path("subject_alternative_names").forEach(n -> names.add(n.asText()));
        });
        boolean any = false;
        Iterator<Map.Entry<String, JsonNode>> records = stack.path("resource").path("aws_route53_record").fields();
        while (records.hasNext()) {
            Map.Entry<String, JsonNode> record = records.next();
            String zoneId = record.getValue().path("zone_id").asText();
            if (zoneId.contains("${") || leftOut.contains("aws_route53_record." + record.getKey())) {
                continue;
            }
            ((ObjectNode) override.with("resource").with("aws_route53_record")).with(record.getKey())
                .put("zone_id", "${aws_route53_zone." + EMULATED_PUBLIC_ZONE + ".zone_id}");
            any = true;
        }
        return any ? Optional.of(commonSuffix(names)) : Optional.empty();
    }

    /** The longest run of whole trailing labels all {@code names} share (at least the top-level domain). */
    static String commonSuffix(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalStateException("records name a hosted zone by id, but the stack has no certificate to name the zone after");
        }
        List<String> suffix = new java.util.ArrayList<>(List.of(names.get(0).split("\\.")));
        for (String name : names) {
            List<String> labels = List.of(name.split("\\."));
            int common = 0;
            while (common < suffix.size() && common < labels.size()
                && suffix.get(suffix.size() - 1 - common).equals(labels.get(labels.size() - 1 - common))) {
                common++;
            }
            suffix = new java.util.ArrayList<>(suffix.subList(suffix.size() - common, suffix.size()));
        }
        return String.join(".", suffix);
    }

    /** What a left-out reference to an ARN reads: the provider checks ARNs even in a resource without instances. */
    static final String NOT_EMULATED_ARN = "arn:aws:not-emulated:us-east-1:000000000000:not-emulated";
    /** What a left-out reference to a name reads (function names allow no spaces). */
    static final String NOT_EMULATED_NAME = "not-emulated";
    private static final java.util.regex.Pattern INTERPOLATION = java.util.regex.Pattern.compile("\\$\\{([^{}]*)}");

    /**
     * A copy of {@code node} in which every reference to a left-out resource reads {@link #NOT_EMULATED_VALUE}, or a
     * value of the referenced attribute's shape ({@link #NOT_EMULATED_ARN}, {@link #NOT_EMULATED_NAME}): Terraform has
     * the provider validate a resource's arguments even when it has no instances, so a policy document stays JSON and
     * an ARN stays an ARN. Only the interpolation is replaced, never the text around it.
     */
    private static JsonNode withoutReferences(JsonNode node, List<String> leftOut) {
        if (node.isTextual()) {
            if (!refersToAny(node, leftOut)) {
                return node;
            }
            java.util.regex.Matcher m = INTERPOLATION.matcher(node.textValue());
            StringBuilder out = new StringBuilder();
            boolean replaced = false;
            while (m.find()) {
                String inner = m.group(1);
                String replacement = m.group();
                if (refersToAny(JSON.getNodeFactory().textNode(inner), leftOut)) {
                    String attribute = inner.substring(inner.lastIndexOf('.') + 1);
                    replacement = attribute.equals("arn") || attribute.endsWith("_arn") ? NOT_EMULATED_ARN
                        : attribute.equals("function_name") ? NOT_EMULATED_NAME : NOT_EMULATED_VALUE;
                    replaced = true;
                }
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return JSON.getNodeFactory().textNode(replaced ? out.toString() : NOT_EMULATED_VALUE);
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutReferences(item, leftOut)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), withoutReferences(field.getValue(), leftOut)));
            return copy;
        }
        return node;
    }

    private static boolean refersToAny(JsonNode node, List<String> addresses) {
        String text = node.toString();
        for (String address : addresses) {
            int at = text.indexOf(address);
            while (at >= 0) {
                int end = at + address.length();
                // aws_x.a must not match aws_x.ab: a reference continues with '.', '[', '}' or a space
                boolean boundary = end >= text.length() || ".[} ,)\"".indexOf(text.charAt(end)) >= 0;
                if (boundary && at > 0 && !Character.isLetterOrDigit(text.charAt(at - 1)) && text.charAt(at - 1) != '_') {
                    return true;
                }
                at = text.indexOf(address, at + 1);
            }
        }
        return false;
    }

    /**
     * Points every instance that names a literal (pinned) AMI at {@code emulatorImage} instead: a pinned image
     * exists in the real account, not in the emulator's catalogue.
     */
    public static void replacePinnedAmis(Path stackDir, String emulatorImage) throws IOException {
        JsonNode stack = readStack(stackDir);
        ObjectNode override = (ObjectNode) JSON.readTree(stackDir.resolve(FILE_NAME).toFile());
        Iterator<Map.Entry<String, JsonNode>> instances = stack.path("resource").path("aws_instance").fields();
        while (instances.hasNext()) {
            Map.Entry<String, JsonNode> entry = instances.next();
            if (!entry.getValue().path("ami").asText().startsWith("${")) {
                ((ObjectNode) override.with("resource").with("aws_instance")).putObject(entry.getKey()).put("ami", emulatorImage);
            }
        }
        Files.writeString(stackDir.resolve(FILE_NAME), JSON.writeValueAsString(override));
    }

    static JsonNode readStack(Path stackDir) throws IOException {
        return JSON.readTree(stackDir.resolve("cdk.tf.json").toFile());
    }
}
