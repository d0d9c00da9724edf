package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.doctor.BedrockPreflight;
import dev.openhands.platform.main.doctor.PreflightReport;
import dev.openhands.platform.main.tiers.EnvironmentScope;
import dev.openhands.platform.modules.compute.PilotHost;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "doctor", description = "Bedrock preflight: confirm the credentials belong to the environment's account (STS),"
    + " then send each configured model a one-token Converse request in the environment's region and explain each failure"
    + " with its fix. Uses the default AWS credentials (AWS_PROFILE, SSO, instance role). Exit 0: every model answered;"
    + " 1: a check failed.")
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    OneEnvironment environment;

    @Option(names = "--as-workload-role", description = "Call the models as the role the environment's agent runs as"
        + " (the pilot host's instance role, or the sandbox task role), assumed through STS.")
    boolean asWorkloadRole;

    @Option(names = "--sts-endpoint", paramLabel = "URL", description = "STS endpoint to use instead of the regional one"
        + " (e.g. a VPC endpoint without private DNS).")
    URI stsEndpoint;

    @Option(names = "--bedrock-endpoint", paramLabel = "URL", description = "Bedrock runtime endpoint to use instead of the"
        + " regional one.")
    URI bedrockEndpoint;

    @Mixin
    ReportDestination destination;

    @Override
    public Integer call() throws IOException {
        EnvironmentConfig env = environment.load();
        BedrockPreflight.Target target = new BedrockPreflight.Target(env.name(), env.aws().accountId(), env.aws().region(),
            env.bedrock().models());
        Optional<BedrockPreflight.WorkloadRole> role = asWorkloadRole ? Optional.of(workloadRole(env)) : Optional.empty();
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            PreflightReport report = new BedrockPreflight(new BedrockPreflight.Endpoints(Optional.ofNullable(stsEndpoint),
                Optional.ofNullable(bedrockEndpoint)), credentials).run(target, role);
            destination.write(report.toText());
            return report.passed() ? 0 : 1;
        }
    }

    static BedrockPreflight.WorkloadRole workloadRole(EnvironmentConfig env) {
        String prefix = EnvironmentScope.prefixOf(env);
        boolean pilot = env.platform() == EnvironmentConfig.Platform.EC2_PILOT;
        String name = pilot ? PilotHost.roleName(prefix) : SandboxTaskTemplate.taskRoleName(prefix);
        String arn = new AwsLocation(env.aws().accountId(), env.aws().region()).globalArn("iam", "role/" + name);
        return new BedrockPreflight.WorkloadRole(arn, pilot ? "ec2.amazonaws.com" : "ecs-tasks.amazonaws.com");
    }
}
