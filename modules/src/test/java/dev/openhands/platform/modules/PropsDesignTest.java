package dev.openhands.platform.modules;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of every props record in the modules: a handful of named parts, and no two neighbours of the same type
 * that mean different things (the swap that compiles, synthesizes and validates) unless the pair is listed below with
 * the test that would catch a swap. Many knobs belong in a builder with named setters, not in the record.
 */
class PropsDesignTest {

    /** About ten: past that a call site with positional arguments cannot be checked by eye. */
    static final int MAX_COMPONENTS = 11;

    /** {@code Record.first/second} of neighbours of one type, and why a swap cannot go unnoticed. */
    static final Map<String, String> ALLOWED_NEIGHBOURS = Map.ofEntries(
        Map.entry("EdgeVpcOriginProps.name/loadBalancerArn",
            "the name allows no ':' and every ARN has them: a swap fails at construction"),
        Map.entry("EdgeVpcOriginProps.loadBalancerArn/loadBalancerSecurityGroupId",
            "swapped, the VPC origin's endpoint names the group: FrontDoorVpcOriginTest.bothDistributionsReachTheLoadBalancerThroughTheVpcOriginByItsNameOnTheCertificate checks it is the aws_lb's arn (a literal group id is no ARN and fails at construction)"),
        Map.entry("EdgeVpcOriginProps.loadBalancerSecurityGroupId/vpcId",
            "swapped, the rule admitting CloudFront lands on the VPC id: FrontDoorVpcOriginTest.noRuleAdmitsTheInternetAndTheLoadBalancerAdmitsOnlyCloudFrontsInterfacesAndItsClients (and the snapshots) fail"),
        Map.entry("SandboxNameZoneProps.domain/vpcId",
            "swapped, the private zone is named after the VPC reference: FrontDoorVpcOriginTest.thePrivateZoneAnswersEverySandboxNameWithTheOneLoadBalancer fails"),
        Map.entry("SandboxNameZoneProps.vpcId/loadBalancerDnsName",
            "swapped, the zone's VPC is the load balancer's name: FrontDoorVpcOriginTest.thePrivateZoneAnswersEverySandboxNameWithTheOneLoadBalancer checks both"),
        Map.entry("SandboxNameZoneProps.loadBalancerDnsName/loadBalancerZoneId",
            "swapped, the alias names the zone id: FrontDoorVpcOriginTest.thePrivateZoneAnswersEverySandboxNameWithTheOneLoadBalancer checks the alias's dns_name"),
        Map.entry("NatInstanceProps.name/vpcId",
            "swapped, the instance's group and tags take the VPC's reference as name and the group a name as VPC: NatInstanceTest and PilotStackTest (and the pilot snapshot) fail"),
        Map.entry("NatInstanceProps.vpcId/publicSubnetId",
            "swapped, the group lands in a subnet id and the instance in the VPC: NatInstanceTest.theInstanceStandsInForTheGatewayHardened checks the public subnet"),
        Map.entry("OrchestratorFunctionsProps.name/environmentName",
            "name is openhands-<env>, environmentName is <env>: swapped, every bundled stack's resource names change and StackSnapshotTest fails"),
        Map.entry("SandboxZoneProps.zoneName/vpcId",
            "the zone name needs two dot-separated labels and the VPC id must be vpc-... or a reference: a swap fails at construction"),
        Map.entry("PrivateSandboxApiProps.rateLimitPerSecond/burstLimit",
            "the record refuses a burst below the rate, so a swap of different values fails at construction"),
        Map.entry("PrivateNetworkProps.availabilityZones/privateSubnetCidrs",
            "zones must be zone names of the region and subnets parse as CIDR blocks inside the VPC: a swap fails at construction"),
        Map.entry("EndpointAccessProps.consumer/consumerSecurityGroupId",
            "the consumer must be a lower-case label and the group an sg- id or a reference: a swap fails at construction"
                + " (ServiceEndpointsTest.aConsumerMustNameEndpointsThatExist)"),
        Map.entry("PilotHostProps.ecrRepositoryArns/bedrockResourceArns",
            "each list must hold ARNs of its own service (ecr repository, bedrock): a swap fails at construction"),
        Map.entry("EdgeFirewallMonitoringProps.webAclName/webAclArn",
            "the name allows letters, digits and hyphens only and the ARN must be a wafv2 global/webacl ARN or a reference: a swap"
                + " fails at construction (EdgePropsTest.firewallMonitoringLivesInUsEast1AndRefusesASwappedNameAndArn)"),
        Map.entry("S3StateBackendProps.bucket/key",
            "the bucket must be a bucket name (no '/' or '.tfstate'), the key must end in .tfstate: a swap fails at construction"),
        Map.entry("S3StateBackendProps.key/region",
            "the key must end in .tfstate and the region must be a region name: a swap fails at construction"),
        Map.entry("S3StateBackendProps.region/kmsKeyId",
            "the region must be a region name and the key a KMS ARN: a swap fails at construction"),
        Map.entry("InstanceScheduleProps.instanceId/volumeKeyArn",
            "swapped, the schedules' input names the key and the role's grant the instance:"
                + " OfficeHoursScheduleTest.theHostStopsAndStartsThroughSchedulerWithARoleForExactlyThatInstance checks both"),
        Map.entry("ServiceScheduleProps.name/clusterName",
            "swapped, the scalable target's resource id names the prefix as cluster:"
                + " OfficeHoursScheduleTest.aServiceScalesToZeroOutsideTheHoursAndBackToItsBoundsInThem checks the resource id"),
        Map.entry("ServiceScheduleProps.clusterName/serviceName",
            "swapped, the resource id reads service/<service>/<cluster>:"
                + " OfficeHoursScheduleTest.aServiceScalesToZeroOutsideTheHoursAndBackToItsBoundsInThem checks it"),
        Map.entry("ServiceScheduleProps.minTasks/maxTasks",
            "the record refuses maxTasks below minTasks, so a swap of different values fails at construction"));

    @Test
    void propsRecordsAreSmallAndTheirNeighboursCannotBeSwappedUnnoticed() throws Exception {
        List<Class<?>> records = propsRecords();
        assertThat(records).as("props records found").hasSizeGreaterThan(15);
        List<String> problems = new ArrayList<>();
        List<String> allowedSeen = new ArrayList<>();
        for (Class<?> type : records) {
            RecordComponent[] components = type.getRecordComponents();
            if (components.length > MAX_COMPONENTS) {
                problems.add(type.getSimpleName() + " has " + components.length + " components (at most " + MAX_COMPONENTS
                    + "): group related ones into a type, or move settings into a builder");
            }
            if (builtByName(type)) {
                // Call sites use the builder's named setters; the positional constructor is the builder's own.
                continue;
            }
            for (int i = 1; i < components.length; i++) {
                RecordComponent a = components[i - 1];
                RecordComponent b = components[i];
                if (!a.getGenericType().getTypeName().equals(b.getGenericType().getTypeName())) {
                    continue;
                }
                String pair = type.getSimpleName() + "." + a.getName() + "/" + b.getName();
                if (ALLOWED_NEIGHBOURS.containsKey(pair)) {
                    allowedSeen.add(pair);
                } else {
                    problems.add(pair + " are neighbours of type " + a.getGenericType().getTypeName()
                        + ": a swap compiles; give them distinct types or a builder, or list the test that catches it");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(allowedSeen).as("every listed exception still exists").containsExactlyInAnyOrderElementsOf(ALLOWED_NEIGHBOURS.keySet());
    }

    private static boolean builtByName(Class<?> type) {
        try {
            return java.lang.reflect.Modifier.isStatic(type.getMethod("builder").getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static List<Class<?>> propsRecords() throws Exception {
        // The modules' compiled classes (a directory in this build), wherever the build put them.
        Path main = Path.of(dev.openhands.platform.modules.network.NetworkPlacement.class.getProtectionDomain()
            .getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(main)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().endsWith("Props.class")).sorted().toList()) {
                String name = main.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
                Class<?> type = Class.forName(name);
                if (type.isRecord()) {
                    out.add(type);
                }
            }
        }
        return out;
    }
}
