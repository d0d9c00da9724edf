package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.modules.identity.MfaMode;
import dev.openhands.platform.modules.identity.ThreatProtection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The frontDoor section of ecs-fargate environments: defaults, and every refusal with its field and fix. */
class FrontDoorConfigTest {

    @TempDir
    Path dir;

    private static ObjectNode document(String name) throws IOException {
        return ConfigProblems.bundled(name);
    }

    private ConfigProblem onlyProblem(String name, Consumer<ObjectNode> edit) throws IOException {
        return ConfigProblems.only(dir, name, edit);
    }

    private static ObjectNode frontDoor(ObjectNode doc) {
        return (ObjectNode) doc.get("frontDoor");
    }

    private static ObjectNode signIn(ObjectNode doc) {
        return (ObjectNode) frontDoor(doc).get("signIn");
    }

    @Test
    void bundledEnvironmentsGetDefaults() {
        EnvironmentConfig.FrontDoor prod = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod")).get(0).frontDoor().orElseThrow();
        assertThat(prod.primaryDomain()).isEqualTo("openhands.example.com");
        assertThat(prod.sandboxWildcard()).isEqualTo("*.sbx.openhands.example.com");
        assertThat(prod.signIn().mfa()).isEqualTo(MfaMode.REQUIRED);
        assertThat(prod.signIn().threatProtection()).isEqualTo(ThreatProtection.ENFORCED);
        assertThat(prod.signIn().selfSignUp()).isFalse();
        assertThat(prod.signIn().tokens().refresh()).isEqualTo(Duration.ofDays(30));
        assertThat(prod.signIn().federation().orElseThrow().name()).isEqualTo("Okta");
        assertThat(prod.waf().allowCidrs()).isEmpty();
        assertThat(prod.originSecretGeneration()).isEqualTo(1);
        assertThat(prod.accessLogs()).isTrue();
        EnvironmentConfig.FrontDoor staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0).frontDoor().orElseThrow();
        assertThat(staging.signIn().mfa()).isEqualTo(MfaMode.OPTIONAL);
        assertThat(staging.sandboxSubdomain()).isEqualTo("sbx");
        assertThat(staging.sandboxDomain()).isEqualTo("sbx.openhands-staging.example.com");
        assertThat(staging.originDomain()).isEqualTo("origin.openhands-staging.example.com");
        assertThat(staging.routerTasks()).as("one router task outside production").isEqualTo(1);
        assertThat(prod.routerTasks()).as("production survives a zone").isEqualTo(2);
        assertThat(prod.routerImage()).isEqualTo("345678901234.dkr.ecr.eu-west-1.amazonaws.com/openhands/nginx:1.27");
        assertThat(EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0).frontDoor()).isEmpty();
    }

    @Test
    void productionKeepsMfaRequiredAndSignUpClosed() throws IOException {
        ConfigProblem mfa = onlyProblem("prod", doc -> signIn(doc).put("mfa", "optional"));
        assertThat(mfa.path()).isEqualTo("frontDoor.signIn.mfa");
        assertThat(mfa.fix()).contains("defaults to required");
        ConfigProblem signUp = onlyProblem("prod", doc -> signIn(doc).put("selfSignUp", true));
        assertThat(signUp.path()).isEqualTo("frontDoor.signIn.selfSignUp");
    }

    @Test
    void domainsMustLieInTheZoneAndOutsideTheSandboxNames() throws IOException {
        ConfigProblem outside = onlyProblem("prod", doc -> frontDoor(doc).putArray("domains").add("openhands.example.com").add("agents.example.org"));
        assertThat(outside.path()).isEqualTo("frontDoor.domains[1]");
        assertThat(outside.message()).contains("example.com");
        ConfigProblem sandbox = onlyProblem("prod", doc -> frontDoor(doc).putArray("domains").add("openhands.example.com")
            .add("x.sbx.openhands.example.com"));
        assertThat(sandbox.path()).isEqualTo("frontDoor.domains[1]");
        assertThat(sandbox.fix()).contains("sandboxSubdomain");
        ConfigProblem scheme = onlyProblem("prod", doc -> frontDoor(doc).putArray("domains").add("https://openhands.example.com"));
        assertThat(scheme.path()).isEqualTo("frontDoor.domains[0]");
    }

    @Test
    void federationSignInAndWafMistakesNameTheirField() throws IOException {
        ConfigProblem oidc = onlyProblem("prod", doc -> ((ObjectNode) signIn(doc).get("federation")).put("type", "oidc"));
        assertThat(oidc.path()).isEqualTo("frontDoor.signIn.federation");
        assertThat(oidc.fix()).contains("oidcClientId");
        ConfigProblem reserved = onlyProblem("prod", doc -> signIn(doc).put("domainPrefix", "acme-cognito"));
        assertThat(reserved.path()).isEqualTo("frontDoor.signIn.domainPrefix");
        ConfigProblem tokens = onlyProblem("prod", doc -> signIn(doc).putObject("tokenMinutes").put("access", 2));
        assertThat(tokens.path()).startsWith("frontDoor.signIn.tokenMinutes");
        ConfigProblem cidr = onlyProblem("prod", doc -> ((ObjectNode) frontDoor(doc).get("waf")).putArray("allowCidrs").add("203.0.113.7/24"));
        assertThat(cidr.path()).isEqualTo("frontDoor.waf.allowCidrs[0]");
        ConfigProblem rate = onlyProblem("prod", doc -> ((ObjectNode) frontDoor(doc).get("waf")).put("rateLimitPer5Minutes", 10));
        assertThat(rate.path()).isEqualTo("frontDoor.waf.rateLimitPer5Minutes");
    }

    @Test
    void theFrontDoorNeedsPublicSubnetsForItsLoadBalancer() throws IOException {
        ConfigProblem p = onlyProblem("staging", doc -> ((ObjectNode) doc.get("network")).remove("publicSubnetCidrs"));
        assertThat(p.path()).isEqualTo("network.publicSubnetCidrs");
        // One problem for the field, whichever need asks first (staging's allow-list NAT, or the load balancer).
        assertThat(p.message()).contains("public subnet");
        assertThat(p.fix()).contains("publicSubnetCidrs").contains("\"10.50.240.0/24\", \"10.50.241.0/24\"");
        ConfigProblem image = onlyProblem("staging", doc -> frontDoor(doc).remove("routerImage"));
        assertThat(image.path()).isEqualTo("frontDoor.routerImage");
    }

    @Test
    void originAccessDefaultsToTheVpcOriginWhereAnOriginSecretGenerationMeansNothing() throws IOException {
        ConfigProblem p = onlyProblem("staging", doc -> frontDoor(doc).put("originSecretGeneration", 2));
        assertThat(p.path()).isEqualTo("frontDoor.originSecretGeneration");
        assertThat(p.message()).contains("no origin secret").contains("vpc-origin");
        assertThat(p.fix()).contains("remove frontDoor.originSecretGeneration").contains("\"header\"");
        ConfigProblem unknown = onlyProblem("staging", doc -> frontDoor(doc).put("originAccess", "public"));
        assertThat(unknown.path()).isEqualTo("frontDoor.originAccess");
    }

    @Test
    void thePilotHasNoFrontDoor() throws IOException {
        ObjectNode pilot = ProjectFiles.pilotDocument();
        pilot.set("frontDoor", document("prod").get("frontDoor"));
        ProjectFiles.write(dir, "pilot", pilot);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("frontDoor");
    }
}
