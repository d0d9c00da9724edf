package dev.openhands.platform.main.stacks;

import dev.openhands.platform.modules.sandbox.LambdaArtifact;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds the orchestrator's deployment package: {@code $OPENHANDS_SANDBOX_ARTIFACT} if set, else the jar the lambda
 * module builds next to this one ({@code <repo>/lambda/target/openhands-sandbox-orchestrator.jar}), wherever the
 * command runs from.
 */
public final class SandboxArtifact {

    static final String VARIABLE = "OPENHANDS_SANDBOX_ARTIFACT";
    static final String JAR = "openhands-sandbox-orchestrator.jar";

    private static volatile LambdaArtifact cached;

    private SandboxArtifact() {
    }

    public static LambdaArtifact locate() {
        LambdaArtifact artifact = cached;
        if (artifact == null) {
            String configured = System.getenv(VARIABLE);
            artifact = LambdaArtifact.of(configured != null && !configured.isBlank() ? Path.of(configured) : besideThisBuild());
            artifact = artifact.sharedAt("../../" + sharedPath(artifact));
            cached = artifact;
        }
        return artifact;
    }

    /**
     * Writes the one copy every ecs-fargate stack of a synth output refers to ({@code <outdir>/assets/...}); stacks
     * reach it by a relative path, so the output still works wherever it is moved as a whole.
     */
    static void publish(Path outdir) throws IOException {
        LambdaArtifact artifact = locate();
        Path target = outdir.resolve(sharedPath(artifact));
        Files.createDirectories(target.getParent());
        Files.copy(artifact.path(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Content-addressed, so a changed jar never overwrites one an older plan still points at. */
    private static String sharedPath(LambdaArtifact artifact) {
        return "assets/sandbox-orchestrator/" + artifact.sha256Hex() + "/" + JAR;
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
