package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderAssumeRole;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.state.S3StateBackend;
import dev.openhands.platform.modules.state.S3StateBackendProps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every environment stack has: the pinned provider, account guard-rails and common tags. */
public final class StackFoundation {

    /**
     * cdktf-provider-aws 18.0.3 writes {@code version = "5.23.1"} exactly; the bindings work with any 5.x
     * provider and the machines here ship 5.100.0, so every stack accepts the whole 5.x line from 5.23.1.
     */
    public static final String AWS_PROVIDER_CONSTRAINT = ">= 5.23.1, < 6.0.0";

    /** The default tag that names a resource's environment; budgets select an environment's costs by it. */
    public static final String ENVIRONMENT_TAG = "Environment";

    private StackFoundation() {
    }

    /** The provider of an environment's own stack: its account, region, deploy role and tags. */
    public static AwsProvider apply(TerraformStack stack, EnvironmentConfig env) {
        return apply(stack, env, env.aws().region(), defaultTags(env));
    }

    /**
     * A second provider of the environment's stack in {@code region}, under the alias {@code region}: same account
     * guard, deploy role and tags. CloudFront's certificate and its WAF web ACL must live in {@code us-east-1}.
     */
    public static AwsProvider aliased(TerraformStack stack, EnvironmentConfig env, String region) {
        return build(stack, "aws-" + region, env, region, defaultTags(env), region);
    }

    private static Map<String, String> defaultTags(EnvironmentConfig env) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Project", "openhands");
        tags.put(ENVIRONMENT_TAG, env.name());
        tags.put("ManagedBy", "cdktf");
        tags.putAll(env.tags());
        return tags;
    }

    /**
     * What an environment stack starts with: its provider and its remote state (the bootstrap's bucket, lock file,
     * KMS key, optional state role).
     */
    public static AwsProvider applyToEnvironmentStack(TerraformStack stack, EnvironmentConfig env) {
        AwsProvider provider = apply(stack, env);
        S3StateBackend.configure(stack, new S3StateBackendProps(env.state().bucket(), env.state().key(),
            env.state().region(), env.state().kmsKeyId(), env.state().roleArn()));
        return provider;
    }

    /** A provider in the environment's account and deploy role, in {@code region}, with {@code tags} by default. */
    public static AwsProvider apply(TerraformStack stack, EnvironmentConfig env, String region, Map<String, String> tags) {
        return build(stack, "aws", env, region, tags, null);
    }

    private static AwsProvider build(TerraformStack stack, String id, EnvironmentConfig env, String region, Map<String, String> tags,
                                     String alias) {
        AwsProvider.Builder provider = AwsProvider.Builder.create(stack, id)
            .region(region)
            // The provider refuses to touch any other account, whatever credentials the operator has loaded.
            .allowedAccountIds(List.of(env.aws().accountId()))
            .defaultTags(List.of(AwsProviderDefaultTags.builder().tags(tags).build()));
        env.aws().deployRoleArn().ifPresent(role -> provider.assumeRole(List.of(AwsProviderAssumeRole.builder()
            .roleArn(role)
            .sessionName("openhands-cdktf-" + env.name())
            .build())));
        if (alias != null) {
            provider.alias(alias);
        }
        AwsProvider aws = provider.build();
        stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
        return aws;
    }
}
