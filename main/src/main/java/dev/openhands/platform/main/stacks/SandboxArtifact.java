package dev.openhands.platform.main.stacks;

import dev.openhands.platform.modules.sandbox.LambdaArtifact;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the orchestrator's deployment package: {@code $OPENHANDS_SANDBOX_ARTIFACT} if set, else the jar the lambda
 * module builds next to this one ({@code <repo>/lambda/target/openhands-sandbox-orchestrator.jar}), wherever the
 * command runs from.
 */
final class SandboxArtifact {

    static final String VARIABLE = "OPENHANDS_SANDBOX_ARTIFACT";
    static final String JAR = "openhands-sandbox-orchestrator.jar";

    private static volatile LambdaArtifact cached;

    private SandboxArtifact() {
    }

    static LambdaArtifact locate() {
        LambdaArtifact artifact = cached;
        if (artifact == null) {
            String configured = System.getenv(VARIABLE);
            artifact = LambdaArtifact.of(configured != null && !configured.isBlank() ? Path.of(configured) : besideThisBuild());
            cached = artifact;
        }
        return artifact;
    }

    private static Path besideThisBuild() {
        try {
            // main/target/classes or main/target/openhands-platform.jar -> the repository root three levels up.
            Path location = Path.of(SandboxArtifact.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = location.getParent().getParent().getParent();
            Path jar = root.resolve("lambda").resolve("target").resolve(JAR);
            return Files.exists(jar) ? jar : Path.of("lambda", "target", JAR);
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("lambda", "target", JAR);
        }
    }
}
