package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The egress section: the Fargate proxy exists exactly where an allow-list needs it, and every refusal names its field. */
class EgressConfigTest {

    static final String IMAGE = "345678901234.dkr.ecr.eu-west-1.amazonaws.com/openhands/squid:6";

    @TempDir
    Path dir;

    private static ObjectNode read(String name) throws IOException {
        return ConfigProblems.bundled(name);
    }

    private ConfigProblem onlyProblem(String name, Consumer<ObjectNode> edit) throws IOException {
        return ConfigProblems.only(dir, name, edit);
    }

    private static ObjectNode egress(ObjectNode doc) {
        return (ObjectNode) doc.get("egress");
    }

    @Test
    void prodHasItsProxyAndItsHostsAndNoOtherEnvironmentHasAProxy() {
        EnvironmentConfig prod = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod")).get(0);
        assertThat(prod.egress().allowedHosts()).contains("pypi.org", "github.com").doesNotHaveDuplicates();
        EnvironmentConfig.EgressProxy proxy = prod.egress().proxy().orElseThrow();
        assertThat(proxy.image()).isEqualTo(IMAGE);
        assertThat(proxy.desiredCount()).isGreaterThanOrEqualTo(2);
        // staging has one too, of one task: the app reaches the ALB's signing keys through it.
        assertThat(EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0).egress().proxy().orElseThrow().desiredCount())
            .isEqualTo(1);
        for (String other : List.of("pilot", "pilot-isolated")) {
            assertThat(EnvironmentLoader.load(ProjectFiles.environments(), List.of(other)).get(0).egress().proxy()).as(other).isEmpty();
        }
    }

    @Test
    void aFargateAllowListNeedsAProxyImageInTheRegion() throws IOException {
        ConfigProblem missing = onlyProblem("prod", doc -> egress(doc).remove("proxy"));
        assertThat(missing.path()).isEqualTo("egress.proxy.image");
        assertThat(missing.fix()).contains("ECR").contains("docs/sandboxes.md");

        ConfigProblem elsewhere = onlyProblem("prod", doc -> ((ObjectNode) egress(doc).get("proxy"))
            .put("image", IMAGE.replace("eu-west-1", "us-east-1")));
        assertThat(elsewhere.path()).isEqualTo("egress.proxy.image");
        assertThat(elsewhere.message()).contains("us-east-1");

        ConfigProblem dockerHub = onlyProblem("prod", doc -> ((ObjectNode) egress(doc).get("proxy")).put("image", "ubuntu/squid:latest"));
        assertThat(dockerHub.path()).isEqualTo("egress.proxy.image");
    }

    @Test
    void productionRunsAtLeastTwoProxyTasks() throws IOException {
        ConfigProblem single = onlyProblem("prod", doc -> ((ObjectNode) egress(doc).get("proxy")).put("desiredCount", 1));
        assertThat(single.path()).isEqualTo("egress.proxy.desiredCount");
        assertThat(single.fix()).contains("2");
    }

    @Test
    void noProxyWithoutAnAllowListOrOnThePilot() throws IOException {
        ConfigProblem none = onlyProblem("pilot-isolated", doc -> egress(doc).putObject("proxy").put("image", IMAGE.replace("345678901234", "123456789012")));
        assertThat(none.path()).isEqualTo("egress.proxy");
        ConfigProblem pilot = onlyProblem("pilot", doc -> egress(doc).putObject("proxy").put("image", IMAGE.replace("345678901234", "123456789012")));
        assertThat(pilot.path()).isEqualTo("egress.proxy");
        assertThat(pilot.message()).contains("runs its own squid");
    }

    @Test
    void allowedHostsAreListedOnceAndNotAlreadyAdmittedBySubdomainEntries() throws IOException {
        ConfigProblem twice = onlyProblem("prod", doc -> egress(doc).withArray("allowedHosts").add("pypi.org"));
        assertThat(twice.path()).startsWith("egress.allowedHosts");
        ConfigProblem covered = onlyProblem("pilot", doc -> egress(doc).withArray("allowedHosts").add(".github.com"));
        assertThat(covered.path()).isEqualTo("egress.allowedHosts");
        assertThat(covered.message()).contains("already admitted by '.github.com'");
        ConfigProblem address = onlyProblem("pilot", doc -> egress(doc).withArray("allowedHosts").add("169.254.169.254"));
        assertThat(address.path()).startsWith("egress.allowedHosts");
    }

    @Test
    void aFargateEnvironmentNeedsAnAllowListBecauseTheAppFetchesTheAlbSigningKeysFromTheInternet() throws IOException {
        ObjectNode doc = read("staging");
        egress(doc).removeAll().put("mode", "none");
        ((ObjectNode) doc.get("network")).remove("nat");
        ProjectFiles.write(dir, "staging", doc);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("staging")));
        assertThat(e).isNotNull();
        ConfigProblem problem = e.problems().stream().filter(p -> p.path().equals("egress.mode")).findFirst().orElseThrow();
        assertThat(problem.message()).contains("https://public-keys.auth.elb.eu-west-1.amazonaws.com/<kid>").contains("nobody could sign in");
        assertThat(problem.fix()).contains("\"mode\": \"allowlist\"").contains("\"proxy\"").contains("nat");
    }
}
