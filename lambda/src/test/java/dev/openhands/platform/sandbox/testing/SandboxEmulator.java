package dev.openhands.platform.sandbox.testing;

import com.sun.net.httpserver.HttpServer;
import dev.openhands.platform.emulator.MotoServer;
import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import dev.openhands.platform.sandbox.handler.AwsClients;
import dev.openhands.platform.sandbox.handler.Orchestrator;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.EFSAuthorizationConfigIAM;
import software.amazon.awssdk.services.ecs.model.EFSTransitEncryption;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.Volume;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.VPCRegion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A moto_server with everything the orchestrator needs, created through the real SDK as Terraform would create it
 * (registry table with its two GSIs, ECS cluster and template task definition, EFS file system, API key secret,
 * a VPC with DNS hostnames, a private subnet and the sandbox security group), plus a stand-in agent server on
 * loopback that answers {@code GET /alive} as the real one does. The clock is the test's to move.
 */
public final class SandboxEmulator implements AutoCloseable {

    public static final String API_KEY = "test-api-key-0123456789";
    public static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:1.0.0";
    /** The template container's entry point and command (modules' SandboxTaskTemplate). */
    public static final List<String> ENTRY_POINT = List.of("/usr/bin/env", "--");
    public static final List<String> COMMAND = List.of("/usr/local/bin/openhands-agent-server", "--port", "60000");
    public static final String OTHER_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:1.1.0";
    public static final String ACCOUNT = "123456789012";
    public static final String TABLE = "openhands-test-sandboxes";
    public static final String FAMILY = "openhands-test-sandbox";
    public static final String ZONE_NAME = "sandboxes.openhands-test.internal";
    public static final String SESSION_SECRET_PREFIX = "openhands-test/sandbox-sessions/";

    private final MotoServer moto;
    private final AwsClients clients;
    private final HttpServer agent;
    private final ByteArrayOutputStream metricsBuffer = new ByteArrayOutputStream();
    private final StringBuffer log = new StringBuffer();
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final Map<String, String> environment = new HashMap<>();

    private SandboxEmulator(MotoServer moto, AwsClients clients, HttpServer agent) {
        this.moto = moto;
        this.clients = clients;
        this.agent = agent;
    }

    public static SandboxEmulator start() throws IOException, InterruptedException {
        MotoServer moto = MotoServer.start(ACCOUNT, true);
        AwsClients clients = AwsClients.forEndpoint(Region.EU_WEST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")), URI.create(moto.endpoint()));
        HttpServer agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/alive", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        agent.start();
        SandboxEmulator emulator = new SandboxEmulator(moto, clients, agent);
        emulator.provision();
        return emulator;
    }

    private void provision() throws IOException, InterruptedException {
        MotoServer.keepEcsTasksRunning(moto.endpoint());
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.EU_WEST_1).endpointOverride(URI.create(moto.endpoint()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
            .httpClient(UrlConnectionHttpClient.create()).build()) {
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.40.0.0/16")).vpc().vpcId();
            ec2.modifyVpcAttribute(b -> b.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
            String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.40.1.0/24").availabilityZone("eu-west-1a")).subnet().subnetId();
            String group = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("sandbox").description("sandbox tasks")).groupId();
            environment.put("SUBNET_IDS", subnet);
            environment.put("SECURITY_GROUP_IDS", group);
            String zone = clients.route53().createHostedZone(b -> b.name(ZONE_NAME).callerReference("openhands-test")
                .hostedZoneConfig(c -> c.privateZone(true).comment("sandboxes"))
                .vpc(v -> v.vpcId(vpc).vpcRegion(VPCRegion.EU_WEST_1))).hostedZone().id();
            environment.put("SANDBOX_ZONE_ID", zone.substring(zone.lastIndexOf('/') + 1));
            environment.put("SANDBOX_ZONE_NAME", ZONE_NAME);
        }
        clients.dynamo().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(attribute(SandboxRegistry.KEY, ScalarAttributeType.S),
                attribute(SandboxRegistry.STATUS, ScalarAttributeType.S),
                attribute(SandboxRegistry.LAST_ACTIVITY, ScalarAttributeType.N),
                attribute(SandboxRegistry.OWNER, ScalarAttributeType.S),
                attribute(SandboxRegistry.CREATED_AT, ScalarAttributeType.N))
            .keySchema(KeySchemaElement.builder().attributeName(SandboxRegistry.KEY).keyType(KeyType.HASH).build())
            .globalSecondaryIndexes(index(SandboxRegistry.STATUS_INDEX, SandboxRegistry.STATUS, SandboxRegistry.LAST_ACTIVITY),
                index(SandboxRegistry.OWNER_INDEX, SandboxRegistry.OWNER, SandboxRegistry.CREATED_AT)));
        String cluster = clients.ecs().createCluster(b -> b.clusterName("openhands-test")).cluster().clusterArn();
        String fileSystem = clients.efs().createFileSystem(b -> b.creationToken("openhands-test").encrypted(true)).fileSystemId();
        String template = clients.ecs().registerTaskDefinition(b -> b.family(FAMILY + "-template")
            .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE).cpu("1024").memory("2048")
            .runtimePlatform(p -> p.cpuArchitecture(CPUArchitecture.ARM64).operatingSystemFamily("LINUX"))
            .taskRoleArn("arn:aws:iam::" + ACCOUNT + ":role/openhands-test-sandbox-task")
            .executionRoleArn("arn:aws:iam::" + ACCOUNT + ":role/openhands-test-sandbox-execution")
            .volumes(Volume.builder().name("workspace").efsVolumeConfiguration(e -> e.fileSystemId(fileSystem)
                .transitEncryption(EFSTransitEncryption.ENABLED).authorizationConfig(a -> a.iam(EFSAuthorizationConfigIAM.ENABLED))).build())
            // As SandboxTaskTemplate synthesizes it: the entry point that runs the command as written, the spec's command.
            .containerDefinitions(ContainerDefinition.builder().name("agent").image(IMAGE).memory(2048).essential(true)
                .entryPoint(ENTRY_POINT).command(COMMAND)
                .portMappings(PortMapping.builder().containerPort(60000).build())
                .mountPoints(MountPoint.builder().sourceVolume("workspace").containerPath("/workspace").build()).build()))
            .taskDefinition().taskDefinitionArn();
        String secret = clients.secrets().createSecret(b -> b.name("openhands-test/sandbox-api-key").secretString(API_KEY)).arn();
        environment.put("ENVIRONMENT_NAME", "test");
        environment.put("REGISTRY_TABLE", TABLE);
        environment.put("CLUSTER_ARN", cluster);
        environment.put("TEMPLATE_TASK_DEFINITION", template);
        environment.put("SANDBOX_FAMILY", FAMILY);
        environment.put("FILE_SYSTEM_ID", fileSystem);
        environment.put("API_KEY_SECRET_ARN", secret);
        environment.put("SESSION_SECRET_PREFIX", SESSION_SECRET_PREFIX);
        environment.put("SESSION_SECRET_KMS_KEY", "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/0000-data");
        environment.put("ALLOWED_IMAGES", IMAGE + "," + OTHER_IMAGE);
        environment.put("IDLE_TIMEOUT_MINUTES", "30");
        environment.put("ORPHAN_GRACE_MINUTES", "10");
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range) {
        return GlobalSecondaryIndex.builder().indexName(name)
            .keySchema(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build())
            .projection(p -> p.projectionType(ProjectionType.ALL)).build();
    }

    /** The Lambda environment Terraform would write, with {@code overrides} applied. */
    public Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(overrides);
        return env;
    }

    /** A fully wired orchestrator, as a handler builds it in Lambda, against this emulator. */
    public Orchestrator orchestrator(Map<String, String> overrides) {
        OrchestratorSettings settings = OrchestratorSettings.fromEnvironment(environment(overrides));
        String agentBase = "http://127.0.0.1:" + agent.getAddress().getPort();
        return new Orchestrator(settings, clients, clock::get,
            new PrintStream(metricsBuffer, true, StandardCharsets.UTF_8), url -> agentBase, line -> log.append(line).append('\n'));
    }

    public AwsClients clients() {
        return clients;
    }

    public String endpoint() {
        return moto.endpoint();
    }

    public String clusterArn() {
        return environment.get("CLUSTER_ARN");
    }

    public String fileSystemId() {
        return environment.get("FILE_SYSTEM_ID");
    }

    public long now() {
        return clock.get();
    }

    public void advanceMinutes(long minutes) {
        clock.addAndGet(minutes * 60_000L);
    }

    /** The EMF lines the handlers printed so far. */
    public String metricsOutput() {
        return metricsBuffer.toString(StandardCharsets.UTF_8);
    }

    /** What the orchestrators' APIs logged so far. */
    public String logOutput() {
        return log.toString();
    }

    /** Tasks of the sandbox family that ECS wants running. */
    public List<Task> runningTasks() {
        List<String> arns = clients.ecs().listTasks(b -> b.cluster(clusterArn()).startedBy("openhands-orchestrator")
            .desiredStatus(DesiredStatus.RUNNING)).taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        List<Task> running = new ArrayList<>();
        for (Task task : clients.ecs().describeTasks(b -> b.cluster(clusterArn()).tasks(arns)).tasks()) {
            if (!"STOPPED".equals(task.lastStatus())) {
                running.add(task);
            }
        }
        return running;
    }

    /** The running tasks started for one registry item (conversation or slot). */
    public List<Task> tasksFor(String recordId) {
        return runningTasks().stream().filter(t -> recordId.equals(environmentOf(t).get("OPENHANDS_SANDBOX_ID"))).toList();
    }

    /** The environment a task was started with (its container overrides). */
    public static Map<String, String> environmentOf(Task task) {
        Map<String, String> env = new HashMap<>();
        task.overrides().containerOverrides().forEach(o -> o.environment().forEach(kv -> env.put(kv.name(), kv.value())));
        return env;
    }

    /** The container of the revision a task runs (what the orchestrator registered for it). */
    public ContainerDefinition containerOf(Task task) {
        return clients.ecs().describeTaskDefinition(b -> b.taskDefinition(task.taskDefinitionArn())).taskDefinition()
            .containerDefinitions().get(0);
    }

    /**
     * What the task's container gets as each session key variable: the value of the secret its revision's container
     * names in {@code secrets} (null where the secret is gone).
     */
    public Map<String, String> sessionKeysOf(Task task) {
        Map<String, String> keys = new java.util.TreeMap<>();
        var container = containerOf(task);
        for (var secret : container.secrets()) {
            String value;
            try {
                value = clients.secrets().getSecretValue(b -> b.secretId(secret.valueFrom())).secretString();
            } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException
                     | software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException gone) {
                value = null;
            }
            keys.put(secret.name(), value);
        }
        return keys;
    }

    /** The names of the session key secrets that exist. */
    public List<String> sessionSecretNames() {
        return clients.secrets().listSecrets(b -> b.maxResults(100)).secretList().stream().map(s -> s.name())
            .filter(n -> n.startsWith(SESSION_SECRET_PREFIX)).sorted().toList();
    }

    /** Every conversation and slot in the registry (not the uid counter), read directly (a scan: for assertions only). */
    public int registryItemCount() {
        return (int) clients.dynamo().scan(b -> b.tableName(TABLE)).items().stream()
            .filter(item -> !item.get(SandboxRegistry.KEY).s().equals(SandboxRegistry.UID_COUNTER)).count();
    }

    /** Every A record of the sandboxes' zone: name (no trailing dot) to address. */
    public Map<String, String> dnsRecords() {
        Map<String, String> records = new java.util.TreeMap<>();
        clients.route53().listResourceRecordSets(b -> b.hostedZoneId(environment.get("SANDBOX_ZONE_ID"))).resourceRecordSets()
            .stream().filter(set -> set.type() == RRType.A)
            .forEach(set -> records.put(set.name().replaceAll("\\.$", ""), set.resourceRecords().get(0).value()));
        return records;
    }

    public int accessPointCount() {
        return clients.efs().describeAccessPoints(b -> b.fileSystemId(fileSystemId())).accessPoints().size();
    }

    @Override
    public void close() {
        agent.stop(0);
        clients.close();
        moto.close();
    }
}
