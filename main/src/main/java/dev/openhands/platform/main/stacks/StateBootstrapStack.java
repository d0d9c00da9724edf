package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.state.StateBucket;
import dev.openhands.platform.modules.state.StateBucketProps;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates an account's Terraform state bucket. Applied once per account, before any environment, with its own
 * state in a local file (there is no bucket yet); see docs/operations.md for keeping that file.
 */
public class StateBootstrapStack extends TerraformStack {

    /** From {@code cdktf.out/stacks/<stack>/}, where Terraform runs, back to the directory that holds cdktf.out. */
    static final String LOCAL_STATE_FROM_STACK_DIR = "../../../";

    public StateBootstrapStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.state().bootstrapStackName());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Project", "openhands");
        tags.put("ManagedBy", "cdktf");
        tags.put("Purpose", "terraform-state");
        StackFoundation.apply(this, env, env.state().region(), tags);
        // cdktf's default local backend writes an absolute path taken from the working directory, so the same commit
        // synthesized in two checkouts differed. Relative to the stack directory, this is the same file beside
        // cdktf.out, wherever the repository lives.
        LocalBackend.Builder.create(this).path(LOCAL_STATE_FROM_STACK_DIR + "terraform." + env.state().bootstrapStackName() + ".tfstate")
            .build();

        String alias = env.state().kmsKeyId().contains(":alias/")
            ? env.state().kmsKeyId().substring(env.state().kmsKeyId().indexOf(":alias/") + ":alias/".length())
            : env.state().bucket();
        StateBucket bucket = new StateBucket(this, "state", new StateBucketProps(env.state().bucket(),
            new AwsLocation(env.aws().accountId(), env.state().region()), alias, env.state().noncurrentVersionExpiryDays(), Map.of()));

        TerraformOutput.Builder.create(this, "state_bucket").value(bucket.getBucketName()).build();
        TerraformOutput.Builder.create(this, "state_kms_key_arn").value(bucket.getKmsKeyArn()).build();
    }
}
