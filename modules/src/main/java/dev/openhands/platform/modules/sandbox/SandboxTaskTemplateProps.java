package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.data.WorkspaceStorage;
import dev.openhands.platform.modules.egress.ProxyClientSettings;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * @param name                prefix of resource names, e.g. {@code openhands-prod}
 * @param location            the environment's account and region
 * @param network             the VPC (interface endpoints live in its block)
 * @param endpoints           the VPC's endpoints: the interface endpoints sandboxes call (ECR, logs, Bedrock) and the S3
 *                            gateway (image layers)
 * @param workspaces          the file system each sandbox mounts its workspace from
 * @param container           images, size, agent port and user of a sandbox
 * @param bedrockModelArns    exact ARNs the agent may invoke (profiles and foundation models)
 * @param extraTaskStatements more permissions for the agent (no wildcard actions); the explicit denies always apply, and
 *                            their actions are denied outside this VPC (through its endpoints only)
 * @param egressProxy         the allow-list proxy sandboxes reach the internet through, and what they reach directly;
 *                            empty: no internet at all
 * @param logs                the sandbox log group's key and retention
 * @param tags                resource tags
 */
public record SandboxTaskTemplateProps(String name, AwsLocation location, NetworkPlacement network, VpcEndpoints endpoints,
                                       WorkspaceStorage workspaces, SandboxContainer container, List<String> bedrockModelArns,
                                       List<Statement> extraTaskStatements, Optional<ProxyClientSettings> egressProxy, LogSettings logs,
                                       Map<String, String> tags) {

    public SandboxTaskTemplateProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(workspaces, "workspaces");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(egressProxy, "egressProxy");
        Objects.requireNonNull(logs, "logs");
        bedrockModelArns = List.copyOf(bedrockModelArns);
        extraTaskStatements = List.copyOf(extraTaskStatements);
        tags = Map.copyOf(tags);
        for (String image : container.images()) {
            Matcher m = SandboxContainer.ECR_IMAGE.matcher(image);
            if (m.matches() && !m.group(2).equals(location.region())) {
                throw new IllegalArgumentException("'" + image + "' is in " + m.group(2) + "; sandboxes pull through the VPC's ECR endpoints in "
                    + location.region());
            }
        }
        if (bedrockModelArns.isEmpty()) {
            throw new IllegalArgumentException("the agent needs at least one Bedrock model to invoke");
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

    /** Repository ARNs of the images, for the execution role's pull permission. */
    public List<String> repositoryArns() {
        return container.images().stream().map(image -> {
            Matcher m = SandboxContainer.ECR_IMAGE.matcher(image);
            if (!m.matches()) {
                throw new IllegalStateException(image);
            }
            return "arn:" + location.partition() + ":ecr:" + m.group(2) + ":" + m.group(1) + ":repository/" + m.group(3);
        }).distinct().toList();
    }
}
