package dev.openhands.platform.main.tiers;

import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.BedrockModelAccess;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every tier of one environment's stack shares: the stack its constructs go into (tiers are not constructs, so
 * construct paths, and with them Terraform addresses, stay those of the stack), the environment's name prefix, account
 * and region, and the Bedrock models its workloads may call.
 *
 * @param stack the environment's stack
 * @param env   the validated environment file
 */
public record EnvironmentScope(TerraformStack stack, EnvironmentConfig env) {

    /** Resource tags a tier adds to the provider's default tags: none today, one place to add them. */
    public static final Map<String, String> NO_EXTRA_TAGS = Map.of();

    public EnvironmentScope {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(env, "env");
    }

    /** {@code openhands-<env>}: the prefix of every resource name. */
    public String prefix() {
        return prefixOf(env);
    }

    /** {@code openhands-<env>} for tools that act on a deployed environment without building its stack. */
    public static String prefixOf(EnvironmentConfig env) {
        return "openhands-" + env.name();
    }

    public AwsLocation location() {
        return new AwsLocation(env.aws().accountId(), env.aws().region());
    }

    /** Exact ARNs of the configured models: inference profiles plus the foundation model in each destination region. */
    public List<String> bedrockModelArns() {
        return BedrockModelAccess.invokeResourceArns(env.bedrock().models(), env.aws().region(), env.aws().accountId(),
            env.bedrock().inferenceProfileRegions());
    }

    /** A stack output with a description, the way every tier reports what others (or operators) need. */
    public void output(String name, String description, Object value) {
        TerraformOutput.Builder.create(stack, name).description(description).value(value).build();
    }
}
