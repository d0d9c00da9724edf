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
 * The bundled pilot, for real, against moto_server on loopback: state bootstrap, `bin/openhands deploy` (declined,
 * then applied and settled) with the state in the emulated S3 bucket, a converging re-plan, `drift` clean right after
 * the deploy, then exactly the drift injected through the AWS API, a second apply that loses the lock, plan-review of
 * real plans, a deploy refused for data loss, a failed apply that releases its lock, then destroy. One emulator
 * session for all of it.
 */
@org.junit.jupiter.api.Tag("emulator-apply")
class PilotLifecycleEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofMinutes(15);

    @Test
    void thePilotDeploysKeepsItsStateRemotelyAndReportsDriftAndRiskyPlans() throws Exception {
        EnvironmentConfig pilot = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0);
        StringWriter progress = new StringWriter();
        EmulatorDeployment.Report report = EmulatorDeployment.run(pilot, false, new PrintWriter(progress, true),
            PilotLifecycleEmulatorTest::deployWithTheCli, workspace -> {
                try (Ec2Client ec2 = ec2(workspace); S3Client s3 = s3(workspace)) {
                    driftIsCleanAfterTheDeployThenExactlyWhatWasChanged(workspace, ec2);
                    stateLivesEncryptedInTheBucket(workspace, s3);
                    aSecondConcurrentApplyLosesTheLock(workspace, s3);
                    planReviewReadsRealPlans(workspace);
                    aFailedApplyReleasesTheLockAndSaysHowToRecover(workspace, s3);
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

    /** `bin/openhands deploy` as an operator runs it: a "no" applies nothing, then --auto-approve applies and settles. */
    private static void deployWithTheCli(EmulatorWorkspace workspace) throws Exception {
        String dir = workspace.stackDir().toString();
        CliRunner.Run declined = CliRunner.runWithInput("no\n", "deploy", "pilot", "--workdir", dir);
        assertThat(declined.exitCode()).as(declined.out() + declined.err()).isEqualTo(5);
        assertThat(declined.out()).contains("## Terraform plan: `pilot`").contains("Apply this plan to pilot? Only 'yes' is accepted");
        assertThat(declined.err()).contains("pilot: not confirmed: Nothing was applied.");
        EnvironmentConfig env = workspace.environment();
        try (S3Client s3 = s3(workspace)) {
            assertThat(s3.listObjectsV2(b -> b.bucket(env.state().bucket()).prefix(env.state().key())).contents())
                .as("nothing applied after a no: no state, no lock").isEmpty();
        }
        assertThat(workspace.stackDir().resolve("deploy.tfplan")).as("the declined plan is not left behind").doesNotExist();

        Path outcome = workspace.workdir().resolve("deploy-outcome.md");
        CliRunner.Run deployed = CliRunner.run("deploy", "pilot", "--workdir", dir, "--auto-approve", "-o", outcome.toString());
        assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();
        assertThat(deployed.out()).contains("## Terraform plan: `pilot`").containsPattern("Apply complete! Resources: \\d+ added, 0 changed, 0 destroyed")
            .contains("[pilot] settling").containsPattern("pilot: applied \\(\\d+ added, 0 changed, 0 destroyed\\) in \\d+ s and settled");
        // The Elastic IP attaches to the NAT instance after the instance was created, which fills in the instance's
        // public address: the settle records that.
        assertThat(Files.readString(outcome)).contains("## Deploy `pilot`: applied").contains("change set `sha256:")
            .containsPattern("- `aws_instance\\.network_nat-instance_[^`]+`: `public_dns`, `public_ip`");
    }

    /** Right after a deploy nothing has drifted; then one attribute changed outside Terraform is exactly the drift. */
    private static void driftIsCleanAfterTheDeployThenExactlyWhatWasChanged(EmulatorWorkspace workspace, Ec2Client ec2) throws Exception {
        String dir = workspace.stackDir().toString();
        CliRunner.Run afterDeploy = CliRunner.run("drift", "pilot", "--workdir", dir);
        assertThat(afterDeploy.exitCode()).as(afterDeploy.out() + afterDeploy.err()).isZero();
        assertThat(afterDeploy.out()).isEqualTo("pilot: no drift: the live infrastructure matches the Terraform state.\n");

        String vpcId = ec2.describeVpcs(b -> b.filters(tag("openhands-pilot"))).vpcs().get(0).vpcId();
        ec2.modifyVpcAttribute(b -> b.vpcId(vpcId).enableDnsHostnames(AttributeBooleanValue.builder().value(false).build()));
        CliRunner.Run one = CliRunner.run("drift", "pilot", "--workdir", dir, "--format", "json");
        assertThat(one.exitCode()).as(one.out() + one.err()).isEqualTo(2);
        assertThat(driftLines(JSON.readTree(one.out()))).containsExactly("aws_vpc enable_dns_hostnames true -> false");

        driftIsReportedAndClearsWhenReverted(workspace, ec2, vpcId);
    }

    private static List<String> driftLines(JsonNode report) {
        List<String> seen = new ArrayList<>();
        for (JsonNode resource : report.path("resources")) {
            assertThat(resource.path("attributes").size()).as("a drifted resource names what drifted: " + resource).isPositive();
            for (JsonNode attribute : resource.path("attributes")) {
                seen.add(resource.path("type").asText() + " " + attribute.path("path").asText() + " "
                    + attribute.path("before") + " -> " + attribute.path("after"));
            }
        }
        return seen;
    }

    /** A failed apply leaves no lock behind and says how to go on; what is left is a plan away. */
    private static void aFailedApplyReleasesTheLockAndSaysHowToRecover(EmulatorWorkspace workspace, S3Client s3) throws Exception {
        EnvironmentConfig env = workspace.environment();
        int before = workspace.resourceCount();
        Path failing = workspace.stackDir().resolve("zz_test_failing_rule.tf.json");
        Files.writeString(failing, "{\"resource\":{\"aws_vpc_security_group_ingress_rule\":{\"zz_fails\":{\"security_group_id\":"
            + "\"sg-0123456789abcdef0\",\"cidr_ipv4\":\"10.0.0.0/8\",\"ip_protocol\":\"tcp\",\"from_port\":22,\"to_port\":22}}}}");
        Path outcome = workspace.workdir().resolve("failed-outcome.md");
        CliRunner.Run failed;
        try {
            failed = CliRunner.run("deploy", "pilot", "--workdir", workspace.stackDir().toString(), "--auto-approve", "-o", outcome.toString());
        } finally {
            Files.delete(failing);
        }
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.err()).contains("pilot: FAILED: terraform apply failed for pilot. Terraform released the state lock")
            .contains("When an apply fails");
        assertThat(Files.readString(outcome)).contains("## Deploy `pilot`: FAILED").contains("InvalidGroup.NotFound");
        String lockKey = env.state().key() + ".tflock";
        assertThat(s3.listObjectsV2(b -> b.bucket(env.state().bucket()).prefix(lockKey)).contents())
            .as("no lock file is left in the state bucket").isEmpty();
        assertThat(workspace.resourceCount()).isEqualTo(before);
        workspace.requireConverged(workspace.stackDir());
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

    /** With the VPC already changed, three more changes: exactly four drifts, and none once all are reverted. */
    private static void driftIsReportedAndClearsWhenReverted(EmulatorWorkspace workspace, Ec2Client ec2, String vpcId) throws Exception {
        String subnetId = ec2.describeSubnets(b -> b.filters(tag("openhands-pilot-private-eu-west-1a"))).subnets().get(0).subnetId();
        String instanceId = ec2.describeInstances(b -> b.filters(tag("openhands-pilot-host"),
            Filter.builder().name("instance-state-name").values("running").build()))
            .reservations().get(0).instances().get(0).instanceId();
        // The Bedrock endpoint's own group admits the host's group on 443 only; someone opens every port of it. (moto
        // changes only ports, address blocks and descriptions of an existing rule, not the group it references.)
        String endpointGroup = ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name")
            .values("openhands-pilot-vpce-bedrock-runtime").build())).securityGroups().get(0).groupId();
        SecurityGroupRule rule = ec2.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(endpointGroup).build()))
            .securityGroupRules().stream().filter(r -> !r.isEgress()).findFirst().orElseThrow();

        ec2.createTags(b -> b.resources(subnetId).tags(Tag.builder().key("ChangedBy").value("console").build()));
        ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId).disableApiTermination(AttributeBooleanValue.builder().value(true).build()));
        modifyPorts(ec2, endpointGroup, rule, 0, 65535);

        CliRunner.Run drift = CliRunner.run("drift", "pilot", "--workdir", workspace.stackDir().toString(), "--format", "json");
        assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(2);
        assertThat(driftLines(JSON.readTree(drift.out()))).as(drift.out()).containsExactlyInAnyOrder(
            "aws_vpc enable_dns_hostnames true -> false",
            "aws_subnet tags.ChangedBy null -> \"console\"",
            "aws_instance disable_api_termination false -> true",
            "aws_vpc_security_group_ingress_rule from_port 443 -> 0",
            "aws_vpc_security_group_ingress_rule to_port 443 -> 65535",
            // the group lists its rules too: one changed rule reads as a change of both
            "aws_security_group ingress[0].from_port 443 -> 0",
            "aws_security_group ingress[0].to_port 443 -> 65535");

        CliRunner.Run markdown = CliRunner.run("drift", "pilot", "--workdir", workspace.stackDir().toString(), "--format", "markdown");
        assertThat(markdown.exitCode()).isEqualTo(2);
        assertThat(markdown.out()).contains("## Drift in `pilot`").contains("| `aws_vpc.").contains("`enable_dns_hostnames`");

        ec2.modifyVpcAttribute(b -> b.vpcId(vpcId).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
        ec2.deleteTags(b -> b.resources(subnetId).tags(Tag.builder().key("ChangedBy").build()));
        ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId).disableApiTermination(AttributeBooleanValue.builder().value(false).build()));
        modifyPorts(ec2, endpointGroup, rule, rule.fromPort(), rule.toPort());

        CliRunner.Run clean = CliRunner.run("drift", "pilot", "--workdir", workspace.stackDir().toString());
        assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("pilot: no drift");
    }

    private static void modifyPorts(Ec2Client ec2, String group, SecurityGroupRule rule, int fromPort, int toPort) {
        ec2.modifySecurityGroupRules(b -> b.groupId(group).securityGroupRules(r -> r.securityGroupRuleId(rule.securityGroupRuleId())
            .securityGroupRule(x -> x.ipProtocol(rule.ipProtocol()).fromPort(fromPort).toPort(toPort)
                .referencedGroupId(rule.referencedGroupInfo().groupId()).description(rule.description()))));
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

        // deploy applies no saved plan that loses data unless told to (the workflow passes the pull request's label).
        Path refusedOutcome = workspace.workdir().resolve("refused-outcome.md");
        CliRunner.Run refused = CliRunner.run("deploy", "pilot", "--workdir", dir.toString(), "--plan",
            workspace.workdir().resolve("replace.tfplan").toString(), "--auto-approve", "-o", refusedOutcome.toString());
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("pilot: refused: The plan deletes or replaces 1 stateful resource(s) (`aws_cloudwatch_log_group."
            + hostLogs + "`)").contains("--allow-data-loss");
        assertThat(Files.readString(refusedOutcome)).contains("## Deploy `pilot`: refused").contains("Planned (change set `sha256:");

        // The deploy workflow's check on real plans: the tag plan is its own reviewed plan; the rename plan is not it.
        CliRunner.Run same = CliRunner.run("plan-compare", tags.toString(), tags.toString(), "--title", "pilot");
        assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).contains("**Reviewed.**").contains("It is the reviewed change set exactly");
        CliRunner.Run other = CliRunner.run("plan-compare", tags.toString(), replace.toString(), "--title", "pilot");
        assertThat(other.exitCode()).as(other.out() + other.err()).isEqualTo(4);
        assertThat(other.out()).contains("**Refused: this is not the plan that was reviewed.**")
            .contains("| `aws_cloudwatch_log_group." + hostLogs + "` | replace | update | the reviewed plan would update it;");
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
