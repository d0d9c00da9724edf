package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.GatewayEndpoints;
import dev.openhands.platform.modules.network.InterfaceEndpoint;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.LogSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app service's props refuse, before anything is synthesized, what would put a credential or a wrong image in the task. */
class AppServicePropsTest {

    static final AwsLocation HERE = new AwsLocation("123456789012", "eu-west-1");
    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/app:1.0.0-platform";

    static AppServiceProps props(String image, Map<String, String> environment, Map<String, String> secrets) {
        return new AppServiceProps("openhands-test", HERE, NetworkPlacement.of("vpc-1", "10.0.0.0/16", List.of("subnet-a", "subnet-b")),
            VpcEndpoints.of(GatewayEndpoints.of("pl-s3", "pl-ddb"), List.of(new InterfaceEndpoint("bedrock-runtime", "vpce-b", "sg-b"))),
            new AppServiceProps.Container(image, List.of("uvicorn", "x:app"), 3000, 1024, 2048, true),
            new AppServiceProps.Scaling(1, 4, 60, 600, FargateCapacity.ON_DEMAND),
            new AppServiceProps.LoadBalancer("arn:tg", "targetgroup/x/1", "app/x/1", "sg-alb"),
            new AppServiceProps.Access("arn:aws:s3:::events", "arn:aws:kms:eu-west-1:123456789012:key/k",
                List.of("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude"), "arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-1/u"),
            new AppServiceProps.Settings(environment, secrets, "arn:aws:kms:eu-west-1:123456789012:key/k", List.of(),
                Optional.empty(), false),
            new LogSettings(EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/logs"), 30), Map.of());
    }

    @Test
    void aCredentialLookingVariableMustBeASecret() {
        for (String name : List.of("JWT_SECRET", "SANDBOX_API_KEY", "DB_PASSWORD", "GITHUB_TOKEN")) {
            assertThatThrownBy(() -> props(IMAGE, Map.of(name, "value"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name).hasMessageContaining("secrets");
        }
        assertThat(props(IMAGE, Map.of("OHP_DB_HOST", "h"), Map.of("SANDBOX_API_KEY", "arn:aws:secretsmanager:eu-west-1:1:secret:k"))
            .settings().secrets()).containsKey("SANDBOX_API_KEY");
    }

    @Test
    void aSecretIsASecretsManagerArnAndNeverAlsoPlain() {
        assertThatThrownBy(() -> props(IMAGE, Map.of(), Map.of("SANDBOX_API_KEY", "arn:aws:ssm:eu-west-1:1:parameter/k")))
            .hasMessageContaining("Secrets Manager");
        assertThatThrownBy(() -> props(IMAGE, Map.of("X", "1"), Map.of("X", "arn:aws:secretsmanager:eu-west-1:1:secret:x")))
            .hasMessageContaining("both");
    }

    @Test
    void theImageIsThisRegionsEcrAndThePullIsScopedToItsRepository() {
        assertThatThrownBy(() -> props("123456789012.dkr.ecr.us-east-1.amazonaws.com/openhands/app:1", Map.of(), Map.of()))
            .hasMessageContaining("us-east-1");
        assertThatThrownBy(() -> props("docker.io/openhands/app:1", Map.of(), Map.of())).hasMessageContaining("private ECR");
        assertThat(props(IMAGE, Map.of(), Map.of()).repositoryArn()).isEqualTo("arn:aws:ecr:eu-west-1:123456789012:repository/openhands/app");
    }

    @Test
    void sizesAndCountsAreRefusedUpFront() {
        assertThatThrownBy(() -> new AppServiceProps.Container(IMAGE, List.of("x"), 3000, 1024, 1024, true)).hasMessageContaining("Fargate");
        assertThatThrownBy(() -> new AppServiceProps.Container(IMAGE, List.of("x"), 80, 1024, 2048, true)).hasMessageContaining("capability");
        assertThatThrownBy(() -> new AppServiceProps.Scaling(3, 2, 60, 600, FargateCapacity.ON_DEMAND)).hasMessageContaining("maxTasks");
    }
}
