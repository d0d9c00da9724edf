package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two ARN lists are neighbours, but each is checked for its own service, so a swap is refused.
 *
 * @param name                prefix of resource names
 * @param location            account and region of the host (the exact ARN of its log group)
 * @param network             the VPC; the host runs in its first private subnet
 * @param endpoints           the VPC's endpoints: the host reaches the interface endpoints it calls
 *                            ({@link PilotHost#ENDPOINT_SERVICES}) and S3 through the gateway (image layers, agent packages)
 * @param internetEgress      whether the host may open HTTP/HTTPS connections beyond the VPC (through NAT)
 * @param machine             instance type, image, root volume, monitoring and user-data
 * @param logGroup            log group the host writes to (granted by its exact ARN, no wildcard)
 * @param ecrRepositoryArns   repositories the host may pull from
 * @param bedrockResourceArns model and inference-profile ARNs the host may invoke
 * @param tags                resource tags
 */
public record PilotHostProps(String name, AwsLocation location, NetworkPlacement network, VpcEndpoints endpoints,
                             boolean internetEgress, HostMachine machine, EncryptedLogGroup logGroup,
                             List<String> ecrRepositoryArns, List<String> bedrockResourceArns, Map<String, String> tags) {

    public PilotHostProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(logGroup, "logGroup");
        ecrRepositoryArns = List.copyOf(ecrRepositoryArns);
        bedrockResourceArns = List.copyOf(bedrockResourceArns);
        tags = Map.copyOf(tags);
        for (String arn : ecrRepositoryArns) {
            if (!arn.matches("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$")) {
                throw new IllegalArgumentException("'" + arn + "' is not an ECR repository ARN");
            }
        }
        if (bedrockResourceArns.isEmpty()) {
            throw new IllegalArgumentException("the host needs at least one Bedrock model ARN");
        }
        for (String arn : bedrockResourceArns) {
            if (!arn.startsWith("arn:") || arn.contains("*")) {
                throw new IllegalArgumentException("Bedrock resource '" + arn + "' must be an exact ARN");
            }
            if (!arn.matches("^arn:aws[a-z-]*:bedrock:.+$")) {
                throw new IllegalArgumentException("'" + arn + "' is not a Bedrock model or inference-profile ARN");
            }
        }
    }

    /** The private subnet the host runs in: the placement's first, so a caller picks it by ordering the placement. */
    public String subnetId() {
        return network.getPrivateSubnetIds().get(0);
    }
}
