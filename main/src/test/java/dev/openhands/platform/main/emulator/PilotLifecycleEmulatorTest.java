package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.cli.CliRunner;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.SeparateJvmSynth;
import dev.openhands.platform.main.terraform.TerraformCli;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled pilot, for real, against moto_server on loopback: state bootstrap, apply with the state in the
 * emulated S3 bucket, a converging re-plan, a second apply that loses the lock, drift injected through the AWS API
 * and reported by `drift`, plan-review of real plans, then destroy. One emulator session for all of it.
 */
@org.junit.jupiter.api.Tag("emulator-apply")
class PilotLifecycleEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofMinutes(15);

    @Test
    void thePilotDeploysKeepsItsStateRemotelyAndReportsDriftAndRiskyPlans() throws Exception {
        EnvironmentConfig pilot = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0);
        StringWriter progress = new StringWriter();
        EmulatorDeployment.Report report = EmulatorDeployment.run(pilot, false, new PrintWriter(progress, true), workspace -> {
            try (Ec2Client ec2 = ec2(workspace); S3Client s3 = s3(workspace)) {
                stateLivesEncryptedInTheBucket(workspace, s3);
                aSecondConcurrentApplyLosesTheLock(workspace, s3);
                driftIsReportedAndClearsWhenReverted(workspace, ec2);
                planReviewReadsRealPlans(workspace);
                aNewJvmSynthesizesTheSameStackAndPlansNothing(workspace);
            }
        });
        assertThat(report.resources()).as(progress.toString()).isGreaterThanOrEqualTo(45);
        assertThat(report.destroyed()).isTrue();
        assertThat(progress.toString()).contains("state bucket openhands-tfstate-123456789012 applied and converged")
            .contains("the stack converges").contains("destroyed");
        String stack = Files.readString(report.workdir().resolve("cdktf.out/stacks/pilot/cdk.tf.json"));
        assertThat(stack).as("the production stack carries no emulator settings").doesNotContain("127.0.0.1").doesNotContain("emulator");
        String override = Files.readString(report.workdir().resolve("cdktf.out/stacks/pilot").resolve(EmulatorOverride.FILE_NAME));
        assertThat(override).contains("/openhands-emulator/aws/service/canonical/ubuntu").contains("\"use_lockfile\" : true");
    }

    private static void stateLivesEncryptedInTheBucket(EmulatorWorkspace workspace, S3Client s3) {
        EnvironmentConfig env = workspace.environment();
        HeadObjectResponse head = s3.headObject(b -> b.bucket(env.state().bucket()).key(env.state().key()));
        assertThat(head.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(head.contentLength()).isPositive();
        assertThat(Files.exists(workspace.stackDir().resolve("terraform.tfstate"))).as("no local state beside the stack").isFalse();
    }

    private static void aSecondConcurrentApplyLosesTheLock(EmulatorWorkspace workspace, S3Client s3) throws Exception {
        EnvironmentConfig env = workspace.environment();
        int before = workspace.resourceCount();
        CompletableFuture<TerraformCli.Result> first = CompletableFuture.supplyAsync(() -> {
            try {
                return workspace.terraform(STEP, "apply", "-input=false", "-auto-approve", "-no-color");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String lockKey = env.state().key() + ".tflock";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean locked = false;
        while (!locked && System.nanoTime() < deadline && !first.isDone()) {
            try {
                s3.headObject(b -> b.bucket(env.state().bucket()).key(lockKey));
                locked = true;
            } catch (NoSuchKeyException notYet) {
                Thread.sleep(50);
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        assertThat(locked).as("the first apply holds the S3 lock file " + lockKey).isTrue();
        TerraformCli.Result second = workspace.terraform(STEP, "apply", "-input=false", "-auto-approve", "-no-color", "-lock-timeout=0s");
        TerraformCli.Result firstResult = first.get();
        assertThat(second.exitCode()).as(second.combined()).isNotZero();
        assertThat(second.combined()).contains("Error acquiring the state lock");
        assertThat(firstResult.exitCode()).as(firstResult.combined()).isZero();
        assertThat(workspace.resourceCount()).isEqualTo(before);
        workspace.requireConverged(workspace.stackDir());
    }

    private static void driftIsReportedAndClearsWhenReverted(EmulatorWorkspace workspace, Ec2Client ec2) throws Exception {
        String vpcId = ec2.describeVpcs(b -> b.filters(tag("openhands-pilot"))).vpcs().get(0).vpcId();
        String subnetId = ec2.describeSubnets(b -> b.filters(tag("openhands-pilot-private-eu-west-1a"))).subnets().get(0).subnetId();
        String instanceId = ec2.describeInstances(b -> b.filters(tag("openhands-pilot-host"),
            Filter.builder().name("instance-state-name").values("running").build()))
            .reservations().get(0).instances().get(0).instanceId();
        String endpointGroup = ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name")
            .values("openhands-pilot-vpc-endpoints").build())).securityGroups().get(0).groupId();
        SecurityGroupRule rule = ec2.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(endpointGroup).build()))
            .securityGroupRules().stream().filter(r -> !r.isEgress()).findFirst().orElseThrow();

        ec2.modifyVpcAttribute(b -> b.vpcId(vpcId).enableDnsHostnames(AttributeBooleanValue.builder().value(false).build()));
        ec2.createTags(b -> b.resources(subnetId).tags(Tag.builder().key("ChangedBy").value("console").build()));
        ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId).disableApiTermination(AttributeBooleanValue.builder().value(true).build()));
        modifyRuleCidr(ec2, endpointGroup, rule, "0.0.0.0/0");

        CliRunner.Run drift = CliRunner.run("drift", "pilot", "--workdir", workspace.stackDir().toString(), "--format", "json");
        assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(2);
        JsonNode report = JSON.readTree(drift.out());
        List<String> seen = new ArrayList<>();
        for (JsonNode resource : report.path("resources")) {
            for (JsonNode attribute : resource.path("attributes")) {
                seen.add(resource.path("type").asText() + " " + attribute.path("path").asText() + " "
                    + attribute.path("before") + " -> " + attribute.path("after"));
            }
        }
        assertThat(seen).as(drift.out()).contains(
            "aws_vpc enable_dns_hostnames true -> false",
            "aws_subnet tags.ChangedBy null -> \"console\"",
            "aws_instance disable_api_termination false -> true",
            "aws_vpc_security_group_ingress_rule cidr_ipv4 \"10.40.0.0/16\" -> \"0.0.0.0/0\"");

        CliRunner.Run markdown = CliRunner.run("drift", "pilot", "--workdir", workspace.stackDir().toString(), "--format", "markdown");
        assertThat(markdown.exitCode()).isEqualTo(2);
        assertThat(markdown.out()).contains("## Drift in `pilot`").contains("| `aws_vpc.").contains("`enable_dns_hostnames`");

        ec2.modifyVpcAttribute(b -> b.vpcId(vpcId).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
        ec2.deleteTags(b -> b.resources(subnetId).tags(Tag.builder().key("ChangedBy").build()));
        ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId).disableApiTermination(AttributeBooleanValue.builder().value(false).build()));
        modifyRuleCidr(ec2, endpointGroup, rule, rule.cidrIpv4());

        CliRunner.Run clean = CliRunner.run("drift", "pilot", "--workdir", workspace.stackDir().toString());
        assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("pilot: no drift");
    }

    private static void modifyRuleCidr(Ec2Client ec2, String group, SecurityGroupRule rule, String cidr) {
        ec2.modifySecurityGroupRules(b -> b.groupId(group).securityGroupRules(r -> r.securityGroupRuleId(rule.securityGroupRuleId())
            .securityGroupRule(x -> x.ipProtocol(rule.ipProtocol()).fromPort(rule.fromPort()).toPort(rule.toPort())
                .cidrIpv4(cidr).description(rule.description()))));
    }

    private static void planReviewReadsRealPlans(EmulatorWorkspace workspace) throws Exception {
        Path dir = workspace.stackDir();
        Path noop = showPlan(workspace, "noop");
        CliRunner.Run quiet = CliRunner.run("plan-review", noop.toString(), "--title", "pilot", "--fail-on-data-loss");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("**No changes.**");

        Path tagOverride = dir.resolve("zz_test_tags_override.tf.json");
        Files.writeString(tagOverride, "{\"provider\":{\"aws\":[{\"default_tags\":[{\"tags\":{\"Project\":\"openhands\","
            + "\"Environment\":\"pilot\",\"ManagedBy\":\"cdktf\",\"Owner\":\"platform-team\",\"CostCenter\":\"finance\"}}]}]}}");
        Path tags = showPlan(workspace, "tags");
        Files.delete(tagOverride);
        CliRunner.Run tagReview = CliRunner.run("plan-review", tags.toString(), "--title", "pilot", "--fail-on-data-loss");
        assertThat(tagReview.exitCode()).as(tagReview.err()).isZero();
        assertThat(tagReview.out()).doesNotContain("DATA-LOSS").doesNotContain("Deleted or replaced").contains("| update |");

        JsonNode stack = JSON.readTree(dir.resolve("cdk.tf.json").toFile());
        String hostLogs = null;
        for (var it = stack.path("resource").path("aws_cloudwatch_log_group").fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getValue().path("name").asText().endsWith("/host")) {
                hostLogs = entry.getKey();
            }
        }
        assertThat(hostLogs).isNotNull();
        Path renameOverride = dir.resolve("zz_test_rename_override.tf.json");
        Files.writeString(renameOverride, "{\"resource\":{\"aws_cloudwatch_log_group\":{\"" + hostLogs
            + "\":{\"name\":\"/openhands/openhands-pilot/host-v2\"}}}}");
        Path replace = showPlan(workspace, "replace");
        Files.delete(renameOverride);
        CliRunner.Run risky = CliRunner.run("plan-review", replace.toString(), "--title", "pilot", "--fail-on-data-loss");
        assertThat(risky.exitCode()).isEqualTo(3);
        assertThat(risky.out()).contains("DATA-LOSS RISK").contains("aws_cloudwatch_log_group." + hostLogs)
            .contains("forced by `name`").contains("an attribute that cannot change in place changed");
        assertThat(risky.err()).contains("data-loss risk");
        assertThat(CliRunner.run("plan-review", replace.toString()).exitCode()).as("flagging alone does not fail").isZero();
        workspace.requireConverged(dir);
    }

    /**
     * A user's next synth runs in a new JVM: it must write the same stack, and the applied pilot must plan nothing
     * (its host has user_data_replace_on_change, so a changed byte in its user data would plan a replacement).
     */
    private static void aNewJvmSynthesizesTheSameStackAndPlansNothing(EmulatorWorkspace workspace) throws Exception {
        Path applied = workspace.stackDir().resolve("cdk.tf.json");
        Path again = SeparateJvmSynth.run(workspace.workdir().resolve("resynth"), "pilot").resolve("stacks/pilot/cdk.tf.json");
        assertThat(Files.readString(again)).as("a new JVM writes the applied stack byte for byte").isEqualTo(Files.readString(applied));
        Files.copy(again, applied, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TerraformCli.Result plan = workspace.terraform(STEP, "plan", "-input=false", "-detailed-exitcode", "-no-color");
        assertThat(plan.exitCode()).as("plan of the re-synthesized pilot\n" + plan.combined()).isZero();
        assertThat(plan.stdout()).contains("No changes.");
    }

    private static Path showPlan(EmulatorWorkspace workspace, String name) throws Exception {
        Path binary = workspace.workdir().resolve(name + ".tfplan");
        TerraformCli.Result plan = workspace.terraform(STEP, "plan", "-input=false", "-no-color", "-out=" + binary);
        assertThat(plan.exitCode()).as(plan.combined()).isZero();
        TerraformCli.Result show = workspace.terraform(STEP, "show", "-json", "-no-color", binary.toString());
        assertThat(show.exitCode()).as(show.combined()).isZero();
        Path json = workspace.workdir().resolve(name + ".json");
        Files.writeString(json, show.stdout());
        return json;
    }

    private static Filter tag(String name) {
        return Filter.builder().name("tag:Name").values(name).build();
    }

    private static Ec2Client ec2(EmulatorWorkspace workspace) {
        return Ec2Client.builder().endpointOverride(URI.create(workspace.endpoint())).region(Region.of(workspace.environment().aws().region()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static S3Client s3(EmulatorWorkspace workspace) {
        return S3Client.builder().endpointOverride(URI.create(workspace.endpoint())).region(Region.of(workspace.environment().state().region()))
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
