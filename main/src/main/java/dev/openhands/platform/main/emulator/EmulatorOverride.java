package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Terraform override file that points a synthesized stack at the emulator: provider endpoints and test
 * credentials, a local state file, and AWS public SSM parameters (which the emulator does not carry) renamed
 * to copies the harness seeds. The synthesized stack itself is left exactly as production would get it.
 */
public final class EmulatorOverride {

    public static final String FILE_NAME = "zz_emulator_override.tf.json";
    static final String SEEDED_PARAMETER_PREFIX = "/openhands-emulator";

    /** Provider endpoint keys for every service the stacks of this project use. */
    static final List<String> SERVICES = List.of("acm", "backup", "budgets", "cloudfront", "cloudwatch", "cognitoidp",
        "dynamodb", "ec2", "ecr", "ecs", "efs", "eks", "elbv2", "events", "iam", "kms", "lambda", "logs", "rds",
        "route53", "s3", "secretsmanager", "sns", "sqs", "ssm", "sts", "wafv2");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EmulatorOverride() {
    }

    /**
     * Writes the override next to {@code cdk.tf.json} in {@code stackDir}.
     *
     * @return public parameter name to the seeded name the stack now reads instead
     */
    public static Map<String, String> write(Path stackDir, String endpoint, Path stateFile) throws IOException {
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
        override.putObject("provider").putArray("aws").add(provider);

        override.putObject("terraform").putObject("backend").putObject("local").put("path", stateFile.toString());

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
}
