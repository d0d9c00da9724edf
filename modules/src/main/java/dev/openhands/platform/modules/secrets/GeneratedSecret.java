package dev.openhands.platform.modules.secrets;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret.SecretsmanagerSecret;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret_version.SecretsmanagerSecretVersion;
import dev.openhands.platform.modules.json.StableJson;
import software.constructs.Construct;

/**
 * A Secrets Manager secret whose value AWS generates and Terraform never sees: an ephemeral
 * {@code aws_secretsmanager_random_password} produces it and a secret version writes it through the write-only
 * {@code secret_string_wo} attribute, so it is in no plan, no synthesized configuration and no state. Raising
 * {@link GeneratedSecretProps#version()} writes a new value (AWSCURRENT; the old one becomes AWSPREVIOUS).
 *
 * <p>The secret ({@code id}) and its version ({@code id + "-initial"}) are placed in the caller's scope rather than
 * under a construct of their own: their Terraform addresses are those the callers had before this was shared, so
 * adopting it replaces no secret (a replaced secret would mean a new value and signed-out users).
 */
public final class GeneratedSecret {

    private final SecretsmanagerSecret secret;

    public GeneratedSecret(Construct scope, String id, GeneratedSecretProps props) {
        this.secret = SecretsmanagerSecret.Builder.create(scope, id)
            .name(props.name())
            .description(props.description())
            .kmsKeyId(props.kmsKeyArn())
            .recoveryWindowInDays(7)
            .tags(props.tags())
            .build();
        String generator = "ephemeral.aws_secretsmanager_random_password." + props.generatorName();
        TerraformStack.of(scope).addOverride(generator,
            StableJson.object("exclude_punctuation", true, "password_length", props.length()));
        SecretsmanagerSecretVersion initial = SecretsmanagerSecretVersion.Builder.create(scope, id + "-initial")
            .secretId(secret.getId())
            .build();
        initial.addOverride("secret_string_wo", "${" + generator + ".random_password}");
        initial.addOverride("secret_string_wo_version", props.version());
    }

    public String getArn() {
        return secret.getArn();
    }
}
