package dev.openhands.platform.modules.compute;

import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryImageScanningConfiguration;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.json.StableJson;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Private ECR repositories for the images a deployment runs: immutable tags (a tag always names the image that
 * was reviewed), scan on push, KMS encryption and expiry of untagged images.
 */
public class ContainerRegistry extends Construct {

    private final Map<String, EcrRepository> repositories = new LinkedHashMap<>();

    public ContainerRegistry(Construct scope, String id, ContainerRegistryProps props) {
        super(scope, id);
        String lifecycle = lifecyclePolicy(props.untaggedExpiryDays());
        for (String name : props.repositoryNames()) {
            String logicalId = name.replaceAll("[^a-zA-Z0-9]", "-");
            EcrRepository repository = EcrRepository.Builder.create(this, logicalId)
                .name(name)
                .imageTagMutability("IMMUTABLE")
                .imageScanningConfiguration(EcrRepositoryImageScanningConfiguration.builder().scanOnPush(true).build())
                .encryptionConfiguration(List.of(EcrRepositoryEncryptionConfiguration.builder()
                    .encryptionType("KMS")
                    .kmsKey(props.key().getArn())
                    .build()))
                .forceDelete(false)
                .tags(props.tags())
                .build();
            EcrLifecyclePolicy.Builder.create(this, logicalId + "-lifecycle")
                .repository(repository.getName())
                .policy(lifecycle)
                .build();
            repositories.put(name, repository);
        }
    }

    private static String lifecyclePolicy(int untaggedExpiryDays) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("rulePriority", 1);
        rule.put("description", "expire untagged images after " + untaggedExpiryDays + " days");
        rule.put("selection", StableJson.object("tagStatus", "untagged", "countType", "sinceImagePushed",
            "countUnit", "days", "countNumber", untaggedExpiryDays));
        rule.put("action", StableJson.object("type", "expire"));
        return StableJson.write(StableJson.object("rules", List.of(rule)));
    }

    /**
     * The host that serves an account's private images in a region, {@code <account>.dkr.ecr.<region>.amazonaws.com}:
     * known at synth time, so user-data and outputs can name images without a token.
     *
     * @param location the account and region of the registry
     */
    public static String registryHost(AwsLocation location) {
        return location.accountId() + ".dkr.ecr." + location.region() + "." + AwsPartition.dnsSuffix(location.region());
    }

    public String getRepositoryArn(String name) {
        return repository(name).getArn();
    }

    public String getRepositoryUrl(String name) {
        return repository(name).getRepositoryUrl();
    }

    private EcrRepository repository(String name) {
        EcrRepository repository = repositories.get(name);
        if (repository == null) {
            throw new IllegalArgumentException("no repository named " + name);
        }
        return repository;
    }
}
