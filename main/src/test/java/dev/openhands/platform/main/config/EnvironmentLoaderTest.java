package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.compute.HostProvisioning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EnvironmentLoaderTest {

    @TempDir
    Path dir;

    /** Loads a variant of the pilot example and returns its only problem. */
    private ConfigProblem onlyProblem(Consumer<ObjectNode> edit) {
        ProjectFiles.writeVariant(dir, "pilot", edit);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
            () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e).as("the variant must be rejected").isNotNull();
        assertThat(e.problems()).as(e.getMessage()).hasSize(1);
        ConfigProblem problem = e.problems().get(0);
        assertThat(problem.file()).isEqualTo(dir.resolve("pilot.json").toString());
        assertThat(problem.fix()).isNotBlank();
        return problem;
    }

    private static ObjectNode obj(ObjectNode doc, String field) {
        return (ObjectNode) doc.get(field);
    }

    @Test
    void theBundledPilotIsValid() {
        EnvironmentConfig pilot = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0);
        assertThat(pilot.name()).isEqualTo("pilot");
        assertThat(pilot.aws().accountId()).isEqualTo("123456789012");
        assertThat(pilot.egress().mode()).isEqualTo(EgressMode.ALLOWLIST);
        assertThat(pilot.pilot().orElseThrow().hostProvisioning()).isEqualTo(HostProvisioning.PACKAGES);
        assertThat(pilot.pilot().orElseThrow().confirmationMode()).isTrue();
        assertThat(pilot.bedrock().defaultModel()).isEqualTo("eu.anthropic.claude-sonnet-4-20250514-v1:0");
    }

    @Test
    void everyBundledEnvironmentIsValid() {
        List<String> names = EnvironmentLoader.environmentNames(ProjectFiles.environments());
        assertThat(names).contains("pilot").doesNotContain("environment.schema");
        assertThat(EnvironmentLoader.load(ProjectFiles.environments(), List.of())).hasSameSizeAs(names);
    }

    @Test
    void defaultsApplyWhenOptionalFieldsAreAbsent() {
        EnvironmentConfig config = ProjectFiles.loadVariant(dir, "pilot", doc -> {
            doc.remove("pilot");
            doc.remove("tags");
            obj(doc, "egress").remove("allowedHosts");
        });
        assertThat(config.pilot().orElseThrow().instanceType()).isEqualTo("m7g.xlarge");
        assertThat(config.pilot().orElseThrow().rootVolumeGib()).isEqualTo(100);
        assertThat(config.pilot().orElseThrow().detailedMonitoring()).isFalse();
        assertThat(config.pilot().orElseThrow().confirmationMode()).isTrue();
        assertThat(config.egress().allowedHosts()).isEqualTo(EnvironmentSchema.DEFAULT_ALLOWED_HOSTS);
    }

    @Test
    void unknownKey() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "network").put("vpcCidrs", "10.0.0.0/16"));
        assertThat(p.path()).isEqualTo("network.vpcCidrs");
        assertThat(p.message()).contains("unknown field");
        assertThat(p.fix()).contains("did you mean 'vpcCidr'");
    }

    @Test
    void wrongType() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "pilot").put("rootVolumeGib", "100"));
        assertThat(p.path()).isEqualTo("pilot.rootVolumeGib");
        assertThat(p.message()).contains("expected a whole number").contains("\"100\"");
        assertThat(p.fix()).contains("without quotes");
        ConfigProblem q = onlyProblem(doc -> obj(doc, "pilot").put("confirmationMode", "yes"));
        assertThat(q.path()).isEqualTo("pilot.confirmationMode");
        assertThat(q.fix()).contains("true or false");
    }

    @Test
    void missingRequiredField() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "aws").remove("region"));
        assertThat(p.path()).isEqualTo("aws.region");
        assertThat(p.message()).contains("required");
        assertThat(p.fix()).contains("\"region\": \"eu-west-1\"");
    }

    @Test
    void malformedCidr() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "network").put("vpcCidr", "10.40.0.0/33"));
        assertThat(p.path()).isEqualTo("network.vpcCidr");
        assertThat(p.message()).contains("prefix length above 32");
        ConfigProblem q = onlyProblem(doc -> obj(doc, "network").put("vpcCidr", "10.40.0.0"));
        assertThat(q.path()).isEqualTo("network.vpcCidr");
        assertThat(q.fix()).contains("10.40.0.0/16");
    }

    @Test
    void vpcOutsideRfc1918() {
        ConfigProblem p = onlyProblem(doc -> {
            obj(doc, "network").put("vpcCidr", "100.64.0.0/16");
            subnets(doc, "privateSubnetCidrs", "100.64.0.0/20", "100.64.16.0/20");
            subnets(doc, "publicSubnetCidrs", "100.64.240.0/24", "100.64.241.0/24");
        });
        assertThat(p.path()).isEqualTo("network.vpcCidr");
        assertThat(p.message()).contains("RFC 1918");
        assertThat(p.fix()).contains("10.0.0.0/8");
    }

    private static void subnets(ObjectNode doc, String field, String... blocks) {
        ArrayNode list = obj(doc, "network").putArray(field);
        for (String b : blocks) {
            list.add(b);
        }
    }

    @Test
    void subnetOutsideTheVpc() {
        ConfigProblem p = onlyProblem(doc -> subnets(doc, "privateSubnetCidrs", "10.40.0.0/20", "10.41.16.0/20"));
        assertThat(p.path()).isEqualTo("network.privateSubnetCidrs[1]");
        assertThat(p.message()).contains("outside the VPC block 10.40.0.0/16");
    }

    @Test
    void overlappingSubnets() {
        ConfigProblem p = onlyProblem(doc -> subnets(doc, "publicSubnetCidrs", "10.40.240.0/24", "10.40.8.0/24"));
        assertThat(p.path()).isEqualTo("network.publicSubnetCidrs[1]");
        assertThat(p.message()).contains("overlaps 10.40.0.0/20 (network.privateSubnetCidrs[0])");
    }

    @Test
    void fewerThanTwoZones() {
        ProjectFiles.writeVariant(dir, "pilot", doc -> {
            obj(doc, "network").putArray("availabilityZones").add("eu-west-1a");
            subnets(doc, "privateSubnetCidrs", "10.40.0.0/20");
            subnets(doc, "publicSubnetCidrs", "10.40.240.0/24");
        });
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e.problems()).extracting(ConfigProblem::path)
            .contains("network.availabilityZones", "network.privateSubnetCidrs", "network.publicSubnetCidrs");
        assertThat(e.problems().get(0).message()).contains("needs at least 2");
    }

    @Test
    void zoneOfAnotherRegion() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "network").putArray("availabilityZones").add("eu-west-1a").add("us-east-1b"));
        assertThat(p.path()).isEqualTo("network.availabilityZones[1]");
        assertThat(p.message()).contains("not a zone of region eu-west-1");
    }

    @Test
    void endpointZonesDefaultToEveryZoneAndKeepTheZonesOrder() {
        EnvironmentConfig all = ProjectFiles.loadVariant(dir, "pilot", doc -> obj(doc, "network").remove("endpointZones"));
        assertThat(all.network().endpointZones()).containsExactly("eu-west-1a", "eu-west-1b");
        EnvironmentConfig reordered = ProjectFiles.loadVariant(dir, "pilot",
            doc -> obj(doc, "network").putArray("endpointZones").add("eu-west-1b").add("eu-west-1a"));
        assertThat(reordered.network().endpointZones()).containsExactly("eu-west-1a", "eu-west-1b");
    }

    @Test
    void endpointZoneOutsideTheVpcsZones() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "network").putArray("endpointZones").add("eu-west-1a").add("eu-west-1c"));
        assertThat(p.path()).isEqualTo("network.endpointZones[1]");
        assertThat(p.message()).contains("'eu-west-1c' is not one of network.availabilityZones");
    }

    @Test
    void pilotEndpointsMustSitInTheHostsZone() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "network").putArray("endpointZones").add("eu-west-1b"));
        assertThat(p.path()).isEqualTo("network.endpointZones");
        assertThat(p.message()).contains("the pilot host runs in the first zone, eu-west-1a");
        assertThat(p.fix()).contains("include \"eu-west-1a\"");
    }

    @Test
    void productionKeepsEndpointsInTwoZones() throws IOException {
        ObjectNode prod = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(ProjectFiles.environments().resolve("prod.json").toFile());
        obj(prod, "network").putArray("endpointZones").add("eu-west-1a");
        ProjectFiles.write(dir, "prod", prod);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("prod")));
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("network.endpointZones");
            assertThat(problem.message()).contains("production");
            assertThat(problem.fix()).contains("at least two zones");
        });
    }

    @Test
    void productionKeepsRdsProxy() throws IOException {
        ObjectNode prod = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(ProjectFiles.environments().resolve("prod.json").toFile());
        ((ObjectNode) prod.get("data")).putObject("proxy").put("enabled", false);
        ProjectFiles.write(dir, "prod", prod);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("prod")));
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("data.proxy.enabled");
            assertThat(problem.message()).contains("production environment keeps RDS Proxy");
        });
    }

    @Test
    void aNatInstanceNeedsAnInternetPath() {
        ProjectFiles.writeVariant(dir, "pilot", doc -> {
            ObjectNode egress = obj(doc, "egress");
            egress.put("mode", "none");
            egress.remove("allowedHosts");
            obj(doc, "network").remove("publicSubnetCidrs");
            ObjectNode pilot = obj(doc, "pilot");
            pilot.put("hostProvisioning", "baked-image");
            pilot.putObject("ami").put("id", "ami-0123456789abcdef0").put("architecture", "arm64");
        });
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("network.nat");
            assertThat(problem.message()).contains("no internet path");
        });
    }

    @Test
    void productionKeepsTheNatGateway() throws IOException {
        ObjectNode prod = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(ProjectFiles.environments().resolve("prod.json").toFile());
        obj(prod, "network").put("nat", "instance");
        ProjectFiles.write(dir, "prod", prod);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("prod")));
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("network.nat");
            assertThat(problem.message()).contains("keeps the NAT gateway");
        });
    }

    @Test
    void malformedRegion() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "aws").put("region", "europe-west1"));
        assertThat(p.path()).isEqualTo("aws.region");
        assertThat(p.fix()).contains("eu-west-1");
    }

    @Test
    void accountIdNotTwelveDigits() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "aws").put("accountId", "12345678901"));
        assertThat(p.path()).isEqualTo("aws.accountId");
        assertThat(p.fix()).contains("12-digit");
        ConfigProblem q = onlyProblem(doc -> obj(doc, "aws").put("accountId", 123456789012L));
        assertThat(q.path()).isEqualTo("aws.accountId");
        assertThat(q.message()).contains("expected a string");
    }

    @Test
    void deployRoleInAnotherAccount() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "aws").put("deployRoleArn", "arn:aws:iam::210987654321:role/deploy"));
        assertThat(p.path()).isEqualTo("aws.deployRoleArn");
        assertThat(p.message()).contains("210987654321");
    }

    @Test
    void modelIdThatIsNeitherModelNorProfile() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "bedrock").putArray("models").add("claude-sonnet"));
        assertThat(p.path()).isEqualTo("bedrock.models[0]");
        assertThat(p.message()).contains("not a Bedrock model id");
        assertThat(p.fix()).contains("anthropic.claude");
        ConfigProblem q = onlyProblem(doc -> obj(doc, "bedrock").putArray("models")
            .add("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0"));
        assertThat(q.message()).contains("is an ARN");
    }

    @Test
    void emptyModelList() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "bedrock").putArray("models"));
        assertThat(p.path()).isEqualTo("bedrock.models");
        assertThat(p.message()).contains("needs at least 1");
    }

    @Test
    void instanceArchitectureMustMatchTheAmi() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "pilot").putObject("ami").put("id", "ami-0123456789abcdef0").put("architecture", "x86_64"));
        assertThat(p.path()).isEqualTo("pilot.instanceType");
        assertThat(p.message()).contains("'t4g.medium' is arm64 but pilot.ami.architecture is x86_64");
        ConfigProblem q = onlyProblem(doc -> {
            obj(doc, "pilot").put("instanceType", "m7i.xlarge");
            obj(doc, "pilot").putObject("ami").put("id", "ami-0123456789abcdef0").put("architecture", "arm64");
        });
        assertThat(q.message()).contains("'m7i.xlarge' is x86_64");
    }

    @Test
    void allowListEntryThatIsNotAHostname() {
        for (String bad : List.of("https://pypi.org", "10.0.0.5", "pypi.org:443", "PyPI.org", "*.github.com", "pypi.org/simple")) {
            ConfigProblem p = onlyProblem(doc -> ((ArrayNode) obj(doc, "egress").get("allowedHosts")).add(bad));
            assertThat(p.path()).as(bad).isEqualTo("egress.allowedHosts[8]");
            assertThat(p.fix()).contains("bare lower-case hostname");
        }
    }

    @Test
    void aPilotThatCannotBootIsRefused() {
        ConfigProblem p = onlyProblem(doc -> {
            obj(doc, "egress").put("mode", "none");
            obj(doc, "egress").remove("allowedHosts");
            obj(doc, "network").remove("publicSubnetCidrs");
            obj(doc, "network").remove("nat");
        });
        assertThat(p.path()).isEqualTo("pilot.hostProvisioning");
        assertThat(p.message()).contains("could not boot");
        assertThat(p.fix()).contains("baked-image");
        ConfigProblem q = onlyProblem(doc -> obj(doc, "pilot").put("hostProvisioning", "baked-image"));
        assertThat(q.message()).contains("needs the pre-built image pinned");
    }

    @Test
    void aClosedPilotOnABakedImageIsValid() {
        EnvironmentConfig config = ProjectFiles.loadVariant(dir, "pilot", doc -> {
            obj(doc, "egress").put("mode", "none");
            obj(doc, "egress").remove("allowedHosts");
            obj(doc, "network").remove("publicSubnetCidrs");
            obj(doc, "network").remove("nat");
            obj(doc, "pilot").put("hostProvisioning", "baked-image");
            obj(doc, "pilot").putObject("ami").put("id", "ami-0123456789abcdef0").put("architecture", "arm64");
        });
        assertThat(config.egress().allowedHosts()).isEmpty();
        assertThat(config.network().publicSubnetCidrs()).isEmpty();
    }

    @Test
    void allowlistNeedsPublicSubnetsForNat() {
        ConfigProblem p = onlyProblem(doc -> obj(doc, "network").remove("publicSubnetCidrs"));
        assertThat(p.path()).isEqualTo("network.publicSubnetCidrs");
        assertThat(p.message()).contains("NAT gateway");
    }

    @Test
    void nameMustMatchTheFile() {
        ProjectFiles.write(dir, "pilot", ProjectFiles.pilotDocument().put("name", "staging"));
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("name");
            assertThat(p.fix()).contains("rename the file to staging.json");
        });
    }

    @Test
    void brokenJsonNamesTheLine() throws IOException {
        Files.writeString(dir.resolve("pilot.json"), "{\n  \"name\": \"pilot\",\n  \"aws\": {\n}\n");
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("not valid JSON at line"));
        Files.writeString(dir.resolve("pilot.json"), "{\"name\": \"pilot\", \"name\": \"pilot\"}");
        e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e.problems().get(0).message()).contains("Duplicate field 'name'");
    }

    @Test
    void aMissingEnvironmentIsNamed() {
        assertThatThrownBy(() -> EnvironmentLoader.load(dir, List.of("prod")))
            .isInstanceOf(InvalidConfigException.class)
            .hasMessageContaining("prod.json: $: the file does not exist.");
    }

    @Test
    void environmentsSharingABucketMustAgreeAndNeverShareAnObject() {
        ProjectFiles.writeVariant(dir, "alpha", doc -> { });
        ProjectFiles.writeVariant(dir, "beta", doc -> obj(doc, "state").put("noncurrentVersionExpiryDays", 30));
        ProjectFiles.writeVariant(dir, "gamma", doc -> obj(doc, "state").put("key", "openhands/alpha/terraform.tfstate"));
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of()));
        assertThat(e.problems()).extracting(p -> Path.of(p.file()).getFileName() + ":" + p.path())
            .containsExactlyInAnyOrder("beta.json:state", "gamma.json:state.key");
        assertThat(e.getMessage()).contains("shares bucket openhands-tfstate-123456789012 with").contains("uses the same state object as");
    }

    @Test
    void stateDefaultsFollowTheEnvironment() {
        EnvironmentConfig config = ProjectFiles.loadVariant(dir, "pilot", doc -> { });
        assertThat(config.state().key()).isEqualTo("openhands/pilot/terraform.tfstate");
        assertThat(config.state().region()).isEqualTo("eu-west-1");
        assertThat(config.state().kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:alias/openhands-tfstate-123456789012");
        assertThat(config.state().noncurrentVersionExpiryDays()).isEqualTo(90);
        ConfigProblem p = onlyProblem(doc -> obj(doc, "state").put("bucket", "Open_Hands"));
        assertThat(p.path()).isEqualTo("state.bucket");
        ConfigProblem q = onlyProblem(doc -> doc.remove("state"));
        assertThat(q.path()).isEqualTo("state");
    }

    @Test
    void everyProblemOfEveryFileIsReportedAtOnce() {
        ProjectFiles.writeVariant(dir, "alpha", doc -> obj(doc, "aws").put("accountId", "1"));
        ProjectFiles.writeVariant(dir, "beta", doc -> {
            obj(doc, "aws").put("region", "nowhere");
            obj(doc, "pilot").put("bogus", true);
        });
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of()));
        assertThat(e.problems()).extracting(p -> Path.of(p.file()).getFileName().toString() + ":" + p.path())
            .containsExactlyInAnyOrder("alpha.json:aws.accountId", "beta.json:aws.region", "beta.json:pilot.bogus");
    }
}
