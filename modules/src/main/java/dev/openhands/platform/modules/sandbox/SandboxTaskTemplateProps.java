package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.identity.AwsPartition;
import dev.openhands.platform.modules.identity.PolicyDocument;
import dev.openhands.platform.modules.identity.PolicyDocument.Statement;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * @param name                   prefix of resource names, e.g. {@code openhands-prod}
 * @param accountId              the environment's account
 * @param region                 the environment's region
 * @param vpcId                  the VPC
 * @param vpcCidr                the VPC block (interface endpoints live in it)
 * @param s3PrefixListId         the S3 gateway's prefix list (image layers come from S3)
 * @param images                 ECR image references sandboxes may run; the first is the template's
 * @param cpu                    Fargate CPU units of a sandbox
 * @param memoryMib              memory of a sandbox
 * @param agentPort              the agent server's port
 * @param runAsUser              uid:gid the template's container runs as, e.g. {@code 10001:10001}
 * @param fileSystemId           the workspaces file system
 * @param fileSystemArn          its ARN
 * @param bedrockModelArns       exact ARNs the agent may invoke (profiles and foundation models)
 * @param extraTaskStatements    more permissions for the agent (no wildcard actions); the explicit denies always apply
 * @param internetEgress         sandboxes may open HTTPS/HTTP connections to the internet (the VPC has a NAT path)
 * @param logsKmsKeyArn          customer key of the sandbox log group
 * @param logRetentionDays       days sandbox logs are kept
 * @param tags                   resource tags
 */
public record SandboxTaskTemplateProps(String name, String accountId, String region, String vpcId, String vpcCidr,
                                       String s3PrefixListId, List<String> images, int cpu, int memoryMib, int agentPort,
                                       String runAsUser, String fileSystemId, String fileSystemArn,
                                       List<String> bedrockModelArns, List<Statement> extraTaskStatements,
                                       boolean internetEgress, String logsKmsKeyArn, int logRetentionDays,
                                       Map<String, String> tags) {

    /** A private ECR image: account, region, repository and a tag or digest. */
    public static final Pattern ECR_IMAGE = Pattern.compile(
        "^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9][a-z0-9._/-]{1,255})(?::[A-Za-z0-9._-]{1,128}|@sha256:[a-f0-9]{64})$");

    /** Fargate's CPU units and the memory (MiB) each allows: {min, max, step}. */
    public static final Map<Integer, int[]> FARGATE_SIZES = Map.of(
        256, new int[] {512, 2048, 512}, 512, new int[] {1024, 4096, 1024}, 1024, new int[] {2048, 8192, 1024},
        2048, new int[] {4096, 16384, 1024}, 4096, new int[] {8192, 30720, 1024}, 8192, new int[] {16384, 61440, 4096},
        16384, new int[] {32768, 122880, 8192});

    public SandboxTaskTemplateProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(fileSystemId, "fileSystemId");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        images = List.copyOf(images);
        bedrockModelArns = List.copyOf(bedrockModelArns);
        extraTaskStatements = List.copyOf(extraTaskStatements);
        tags = Map.copyOf(tags);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("at least one sandbox image is needed");
        }
        for (String image : images) {
            Matcher m = ECR_IMAGE.matcher(image);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + image + "' is not a private ECR image reference (account.dkr.ecr.region.amazonaws.com/repository:tag)");
            }
            if (!m.group(2).equals(region)) {
                throw new IllegalArgumentException("'" + image + "' is in " + m.group(2) + "; sandboxes pull through the VPC's ECR endpoints in " + region);
            }
        }
        int[] memory = FARGATE_SIZES.get(cpu);
        if (memory == null) {
            throw new IllegalArgumentException("cpu " + cpu + " is not a Fargate size; use one of " + new java.util.TreeSet<>(FARGATE_SIZES.keySet()));
        }
        if (!fitsFargate(cpu, memoryMib)) {
            throw new IllegalArgumentException("memory " + memoryMib + " MiB does not fit cpu " + cpu + ": use " + memory[0] + " to "
                + memory[1] + " in steps of " + memory[2]);
        }
        if (bedrockModelArns.isEmpty()) {
            throw new IllegalArgumentException("the agent needs at least one Bedrock model to invoke");
        }
        if (!runAsUser.matches("^[0-9]{1,5}:[0-9]{1,5}$")) {
            throw new IllegalArgumentException("runAsUser must be uid:gid, e.g. 10001:10001");
        }
        for (Statement statement : extraTaskStatements) {
            if (!statement.effect().equals("Allow")) {
                continue;
            }
            for (String action : statement.actions()) {
                if (PolicyDocument.grantsWholeService(action)) {
                    throw new IllegalArgumentException("extra sandbox statement " + statement.sid() + " allows '" + action + "'; name the actions");
                }
            }
        }
    }

    /** Whether Fargate offers this CPU and memory together. */
    public static boolean fitsFargate(int cpu, int memoryMib) {
        int[] memory = FARGATE_SIZES.get(cpu);
        return memory != null && memoryMib >= memory[0] && memoryMib <= memory[1] && (memoryMib - memory[0]) % memory[2] == 0;
    }

    /** Repository ARNs of the images, for the execution role's pull permission. */
    public List<String> repositoryArns() {
        return images.stream().map(image -> {
            Matcher m = ECR_IMAGE.matcher(image);
            if (!m.matches()) {
                throw new IllegalStateException(image);
            }
            return "arn:" + AwsPartition.of(region) + ":ecr:" + m.group(2) + ":" + m.group(1) + ":repository/" + m.group(3);
        }).distinct().toList();
    }
}
