package dev.openhands.platform.modules.state;

import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.S3BackendConfig;
import com.hashicorp.cdktf.TerraformStack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts a stack's state in S3 with Terraform's native lock file. cdktf 0.19.2's {@code S3Backend} predates
 * Terraform 1.10: it knows neither {@code use_lockfile} nor the {@code assume_role} block (its top-level
 * {@code role_arn} was removed from Terraform), so both are written here as overrides, and only here.
 */
public final class S3StateBackend {

    private S3StateBackend() {
    }

    public static void configure(TerraformStack stack, S3StateBackendProps props) {
        S3Backend.Builder.create(stack)
            .bucket(props.bucket())
            .key(props.key())
            .region(props.region())
            .encrypt(true)
            .kmsKeyId(props.kmsKeyId())
            .build();
        // One override for both (each is a round trip to Node); merged into the backend block key by key.
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("use_lockfile", true);
        props.roleArn().ifPresent(role -> {
            Map<String, Object> assumeRole = new LinkedHashMap<>();
            assumeRole.put("role_arn", role);
            assumeRole.put("session_name", "openhands-terraform-state");
            backend.put("assume_role", assumeRole);
        });
        stack.addOverride("terraform.backend.s3", backend);
    }
}
