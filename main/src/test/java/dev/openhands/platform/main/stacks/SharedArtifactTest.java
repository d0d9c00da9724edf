package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator jar is written once per synth output, not once per stack, and every function finds it by a
 * relative path, also after the whole output has been moved (as CI moves it between jobs).
 */
class SharedArtifactTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneCopyOfTheJarServesEveryStackWhereverTheOutputMoves(@TempDir Path dir) throws Exception {
        PlatformApp.synthesize(EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging", "prod")), dir.resolve("a/cdktf.out"));
        Path moved = dir.resolve("b/elsewhere/cdktf.out");
        Files.createDirectories(moved.getParent());
        Files.move(dir.resolve("a/cdktf.out"), moved);

        List<Path> jars;
        try (Stream<Path> walk = Files.walk(moved)) {
            jars = walk.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        }
        assertThat(jars).as("jars in the synth output").hasSize(1);
        assertThat(moved.relativize(jars.get(0)).toString()).startsWith("assets/sandbox-orchestrator/");

        int functions = 0;
        for (String stack : List.of("staging", "prod")) {
            Path stackDir = moved.resolve("stacks").resolve(stack);
            JsonNode lambdas = JSON.readTree(stackDir.resolve("cdk.tf.json").toFile()).path("resource").path("aws_lambda_function");
            for (Map.Entry<String, JsonNode> function : (Iterable<Map.Entry<String, JsonNode>>) lambdas::fields) {
                String filename = function.getValue().path("filename").asText();
                assertThat(filename).as(stack + " " + function.getKey()).startsWith("../../assets/");
                Path resolved = stackDir.resolve(filename).normalize();
                assertThat(resolved).as(stack + " " + function.getKey() + " finds its code").isRegularFile().isEqualTo(jars.get(0));
                String sha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(resolved)));
                assertThat(function.getValue().path("source_code_hash").asText()).isEqualTo(sha);
                functions++;
            }
        }
        // Per stack: the API, maintenance and task-state functions and the purge (the bundled front doors reach their load
        // balancer through a VPC origin: no origin-secret rotation function).
        assertThat(functions).isEqualTo(8);
    }
}
