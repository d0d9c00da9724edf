package dev.openhands.platform.sandbox.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class OrchestratorSettingsTest {

    public static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("ENVIRONMENT_NAME", "prod");
        env.put("REGISTRY_TABLE", "t");
        env.put("CLUSTER_ARN", "arn:aws:ecs:eu-west-1:1:cluster/c");
        env.put("TEMPLATE_TASK_DEFINITION", "arn:aws:ecs:eu-west-1:1:task-definition/t:1");
        env.put("SANDBOX_FAMILY", "f");
        env.put("SUBNET_IDS", "subnet-1, subnet-2");
        env.put("SECURITY_GROUP_IDS", "sg-1");
        env.put("FILE_SYSTEM_ID", "fs-1");
        env.put("API_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:k");
        env.put("ALLOWED_IMAGES", "img:1");
        env.put("SANDBOX_ZONE_ID", "Z0123456789");
        env.put("SESSION_SECRET_PREFIX", "openhands-prod/sandbox-sessions/");
        env.put("SESSION_SECRET_KMS_KEY", "arn:aws:kms:eu-west-1:1:key/k");
        env.put("SANDBOX_ZONE_NAME", "sandboxes.openhands-prod.internal");
        return env;
    }

    @Test
    void defaultsAreSafe() {
        OrchestratorSettings settings = OrchestratorSettings.fromEnvironment(valid());
        assertThat(settings.subnetIds()).containsExactly("subnet-1", "subnet-2");
        assertThat(settings.warmPool().enabled()).isFalse();
        assertThat(settings.warmPool().image()).isEqualTo("img:1");
        assertThat(settings.agentPort()).isEqualTo(60000);
        assertThat(settings.idleTimeout().toMinutes()).isEqualTo(120);
        assertThat(settings.publicSandboxDomain()).isNull();
    }

    @Test
    void thePublicSandboxDomainIsABareLowerCaseName() {
        Map<String, String> env = valid();
        env.put("PUBLIC_SANDBOX_DOMAIN", "sbx.openhands.example.com");
        assertThat(OrchestratorSettings.fromEnvironment(env).publicSandboxDomain()).isEqualTo("sbx.openhands.example.com");
        for (String bad : new String[] {"https://sbx.example.com", "SBX.example.com", "sbx.example.com.", "*.sbx.example.com"}) {
            env.put("PUBLIC_SANDBOX_DOMAIN", bad);
            assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(env))
                .hasMessageContaining("PUBLIC_SANDBOX_DOMAIN").hasMessageContaining("Fix:");
        }
    }

    @Test
    void everyProblemNamesTheVariableAndTheFix() {
        Map<String, String> missing = valid();
        missing.remove("CLUSTER_ARN");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(missing))
            .hasMessageContaining("CLUSTER_ARN").hasMessageContaining("Fix:");

        Map<String, String> badNumber = valid();
        badNumber.put("WARM_POOL_SIZE", "many");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(badNumber))
            .hasMessageContaining("WARM_POOL_SIZE").hasMessageContaining("whole number");

        Map<String, String> unlistedPoolImage = valid();
        unlistedPoolImage.put("WARM_POOL_IMAGE", "other:2");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(unlistedPoolImage))
            .hasMessageContaining("WARM_POOL_IMAGE").hasMessageContaining("ALLOWED_IMAGES");

        Map<String, String> badJson = valid();
        badJson.put("WARM_POOL_ENVIRONMENT", "[1,2]");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(badJson))
            .hasMessageContaining("WARM_POOL_ENVIRONMENT").hasMessageContaining("JSON");

        Map<String, String> badZone = valid();
        badZone.put("SANDBOX_ZONE_NAME", "Sandboxes.Example.internal.");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(badZone))
            .hasMessageContaining("SANDBOX_ZONE_NAME").hasMessageContaining("without a trailing dot");

        Map<String, String> retention = valid();
        retention.put("STOPPED_RETENTION_DAYS", "0");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(retention))
            .hasMessageContaining("STOPPED_RETENTION_DAYS").hasMessageContaining("1 to 3650");
        Map<String, String> prefix = valid();
        prefix.put("SESSION_SECRET_PREFIX", "openhands-prod/sandbox-sessions");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(prefix))
            .hasMessageContaining("SESSION_SECRET_PREFIX").hasMessageContaining("ending in '/'");
        Map<String, String> mount = valid();
        mount.put("PURGE_MOUNT_PATH", "/workspaces");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(mount))
            .hasMessageContaining("PURGE_MOUNT_PATH").hasMessageContaining("/mnt");
        assertThat(OrchestratorSettings.fromEnvironment(valid()).stoppedRetention().toDays()).isEqualTo(30);

        Map<String, String> relativeRoot = valid();
        relativeRoot.put("WORKSPACE_ROOT", "../x");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(relativeRoot)).hasMessageContaining("WORKSPACE_ROOT");
    }

    @Test
    void thePoolCannotRunAsRootItsWorkingDirectoryIsNormalAndEveryDirectoryFitsEfs() {
        for (String variable : new String[] {"WARM_POOL_RUN_AS_USER", "WARM_POOL_RUN_AS_GROUP"}) {
            Map<String, String> root = valid();
            root.put(variable, "0");
            assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(root)).hasMessageContaining(variable).hasMessageContaining("1 to 65534");
        }
        Map<String, String> escaping = valid();
        escaping.put("WARM_POOL_WORKING_DIR", "/workspace/../etc");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(escaping)).hasMessageContaining("WARM_POOL_WORKING_DIR");
        Map<String, String> code = valid();
        code.put("WARM_POOL_WORKING_DIR", "/openhands/code/");
        assertThat(OrchestratorSettings.fromEnvironment(code).warmPool().workingDir()).isEqualTo("/openhands/code/");
        Map<String, String> below = valid();
        below.put("WARM_POOL_WORKING_DIR", "/workspace/project");
        assertThat(OrchestratorSettings.fromEnvironment(below).warmPool().workingDir()).isEqualTo("/workspace/project");

        Map<String, String> longRoot = valid();
        longRoot.put("WORKSPACE_ROOT", "/sixteen-chars-x");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(longRoot)).hasMessageContaining("WORKSPACE_ROOT").hasMessageContaining("100");
        Map<String, String> longestRoot = valid();
        longestRoot.put("WORKSPACE_ROOT", "/fifteen-chars-");
        assertThat(OrchestratorSettings.fromEnvironment(longestRoot).workspaceRoot()).hasSize(15);
    }
}
