package dev.openhands.platform.sandbox.launch;

import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.EFSAuthorizationConfigIAM;
import software.amazon.awssdk.services.ecs.model.EFSTransitEncryption;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.Volume;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Sandbox tasks in ECS. Fargate cannot override a task's image, user, working directory or volumes at RunTask,
 * so each start registers a revision of the sandbox family cloned from the Terraform-managed template (adding the
 * conversation's access point), runs it, and deregisters the revision at once: a running task keeps working on
 * an inactive revision, and no revisions pile up.
 */
public final class SandboxTasks {

    /** Environment variable that carries the registry id into the task, and back out in ECS events. */
    public static final String RECORD_ID_VARIABLE = "OPENHANDS_SANDBOX_ID";
    /**
     * The variables the agent server reads its session key from, and its older fallback: filled from the launch's
     * session secret by ECS (the container's {@code secrets}), never from overrides.
     */
    public static final List<String> SESSION_KEY_VARIABLES = List.of("OH_SESSION_API_KEYS_0", "SESSION_API_KEY");
    /**
     * Git refuses a repository whose directory another uid owns ("dubious ownership"), and every workspace file is owned
     * by the workspace's own uid (its access point's), not the process's: the sandbox is one conversation's, so every
     * directory is safe. Set through git's environment configuration (git 2.31 and later).
     */
    public static final Map<String, String> GIT_VARIABLES = new TreeMap<>(Map.of(
        "GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "safe.directory", "GIT_CONFIG_VALUE_0", "*"));
    /** The prefix of the variables above; /start may not set any variable with it. */
    public static final String GIT_CONFIG_PREFIX = "GIT_CONFIG_";
    public static final String STARTED_BY = "openhands-orchestrator";
    static final String WORKSPACE_VOLUME = "workspace";
    /**
     * Where every sandbox gets its workspace, whatever working directory it asked for: a mount that followed the
     * working directory could lay a writable, persistent directory over the image's system or code directories.
     */
    public static final String WORKSPACE_PATH = "/workspace";

    /** The cluster's Spot capacity provider: AWS may stop the task with a two-minute warning. */
    public static final String SPOT = "FARGATE_SPOT";

    private final Supplier<EcsClient> ecsClient;
    private final String clusterArn;
    private final String templateArn;
    private final String family;
    private final String containerName;
    private final List<String> subnetIds;
    private final List<String> securityGroupIds;
    private final String fileSystemId;
    private final SessionSecrets sessionSecrets;
    private final String environmentName;
    private final String capacityProvider;
    private volatile TaskDefinition template;

    public SandboxTasks(Supplier<EcsClient> ecs, String clusterArn, String templateArn, String family, String containerName,
                        List<String> subnetIds, List<String> securityGroupIds, String fileSystemId,
                        SessionSecrets sessionSecrets, String environmentName, String capacityProvider) {
        this.ecsClient = ecs;
        this.clusterArn = clusterArn;
        this.templateArn = templateArn;
        this.family = family;
        this.containerName = containerName;
        this.subnetIds = List.copyOf(subnetIds);
        this.securityGroupIds = List.copyOf(securityGroupIds);
        this.fileSystemId = fileSystemId;
        this.sessionSecrets = sessionSecrets;
        this.environmentName = environmentName;
        this.capacityProvider = capacityProvider;
    }

    /** Starts the task and returns its ARN; throws if ECS refused it (nothing is left running, no secret left then). */
    public String launch(LaunchSpec spec) {
        TaskDefinition base = template();
        String keySecret = sessionSecrets.create(spec.recordId(), spec.sessionApiKey());
        try {
            return launch(spec, base, keySecret);
        } catch (RuntimeException failed) {
            sessionSecrets.delete(keySecret);
            throw failed;
        }
    }

    private String launch(LaunchSpec spec, TaskDefinition base, String keySecret) {
        ContainerDefinition container = base.containerDefinitions().stream()
            .filter(c -> containerName.equals(c.name())).findFirst()
            .orElseThrow(() -> new IllegalStateException("template " + templateArn + " has no container named " + containerName));
        ContainerDefinition.Builder agent = container.toBuilder()
            .image(spec.image())
            .user(spec.runAsUser() + ":" + spec.runAsGroup())
            .mountPoints(MountPoint.builder().sourceVolume(WORKSPACE_VOLUME).containerPath(WORKSPACE_PATH).readOnly(false).build())
            .secrets(SESSION_KEY_VARIABLES.stream().map(name -> Secret.builder().name(name).valueFrom(keySecret).build()).toList());
        if (!spec.command().isEmpty()) {
            agent.command(spec.command());
        }
        if (spec.workingDir() != null) {
            agent.workingDirectory(spec.workingDir());
        }
        RegisterTaskDefinitionRequest.Builder revision = RegisterTaskDefinitionRequest.builder()
            .family(family)
            .taskRoleArn(base.taskRoleArn())
            .executionRoleArn(base.executionRoleArn())
            .networkMode(base.networkMode())
            .requiresCompatibilities(Compatibility.FARGATE)
            .cpu(base.cpu())
            .memory(base.memory())
            .runtimePlatform(base.runtimePlatform())
            .containerDefinitions(agent.build())
            .volumes(Volume.builder().name(WORKSPACE_VOLUME).efsVolumeConfiguration(efs -> efs
                .fileSystemId(fileSystemId)
                .transitEncryption(EFSTransitEncryption.ENABLED)
                .authorizationConfig(a -> a.accessPointId(spec.accessPointId()).iam(EFSAuthorizationConfigIAM.ENABLED))).build())
            // The orchestrator's role may register only revisions carrying its environment's tag.
            .tags(Tag.builder().key("openhands:sandbox").value(tagValue(spec.recordId())).build(),
                Tag.builder().key(WorkspaceAccessPoints.ENVIRONMENT_TAG).value(environmentName).build());
        if (base.ephemeralStorage() != null) {
            revision.ephemeralStorage(base.ephemeralStorage());
        }
        String revisionArn = ecs().registerTaskDefinition(revision.build()).taskDefinition().taskDefinitionArn();
        try {
            return run(spec, revisionArn, base);
        } finally {
            ecs().deregisterTaskDefinition(b -> b.taskDefinition(revisionArn));
        }
    }

    /**
     * Where the task runs. Spot is a capacity provider of the cluster, not a launch type (the two exclude each other);
     * on demand keeps the plain Fargate launch type.
     */
    static RunTaskRequest.Builder placement(RunTaskRequest.Builder request, String capacityProvider) {
        return SPOT.equals(capacityProvider)
            ? request.capacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider(SPOT).weight(1).build())
            : request.launchType(LaunchType.FARGATE);
    }

    private String run(LaunchSpec spec, String revisionArn, TaskDefinition base) {
        Map<String, String> environment = new TreeMap<>(spec.environment());
        environment.put(RECORD_ID_VARIABLE, spec.recordId());
        environment.putAll(GIT_VARIABLES);
        List<KeyValuePair> pairs = new ArrayList<>();
        environment.forEach((k, v) -> pairs.add(KeyValuePair.builder().name(k).value(v).build()));
        ContainerOverride containerOverride = ContainerOverride.builder().name(containerName).environment(pairs).build();
        RunTaskResponse response = ecs().runTask(b -> {
            placement(b.cluster(clusterArn).taskDefinition(revisionArn).count(1), capacityProvider)
                .startedBy(STARTED_BY)
                .enableECSManagedTags(true)
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(subnetIds)
                    .securityGroups(securityGroupIds).assignPublicIp(AssignPublicIp.DISABLED)))
                .tags(Tag.builder().key("openhands:sandbox").value(tagValue(spec.recordId())).build());
            b.overrides(o -> {
                o.containerOverrides(containerOverride);
                if (spec.resourceFactor() > 1) {
                    o.cpu(Integer.toString(Integer.parseInt(base.cpu()) * spec.resourceFactor()));
                    o.memory(Integer.toString(Integer.parseInt(base.memory()) * spec.resourceFactor()));
                }
            });
        });
        if (!response.failures().isEmpty() || response.tasks().isEmpty()) {
            String reasons = response.failures().isEmpty() ? "no task returned"
                : response.failures().get(0).reason() + " " + response.failures().get(0).detail();
            throw new IllegalStateException("ECS did not start the sandbox task: " + reasons);
        }
        return response.tasks().get(0).taskArn();
    }

    /** What ECS knows of these tasks; tasks ECS no longer knows are left out. */
    public Map<String, TaskState> describe(Collection<String> taskArns) {
        Map<String, TaskState> states = new TreeMap<>();
        List<String> arns = new ArrayList<>(taskArns);
        for (int start = 0; start < arns.size(); start += 100) {
            List<String> batch = arns.subList(start, Math.min(arns.size(), start + 100));
            for (Task task : ecs().describeTasks(b -> b.cluster(clusterArn).tasks(batch)).tasks()) {
                states.put(task.taskArn(), stateOf(task));
            }
        }
        return states;
    }

    /** Every task the orchestrator started that ECS still wants running (by startedBy, which outlives revisions). */
    public List<TaskState> listRunning() {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListTasksResponse response = ecs().listTasks(b -> b.cluster(clusterArn).startedBy(STARTED_BY)
                .desiredStatus(DesiredStatus.RUNNING).nextToken(page));
            arns.addAll(response.taskArns());
            token = response.nextToken();
        } while (token != null);
        return new ArrayList<>(describe(arns).values());
    }

    /** Asks ECS to stop the task; stopping one that already stopped, or that ECS forgot, is not an error. */
    public void stop(String taskArn, String reason) {
        try {
            ecs().stopTask(b -> b.cluster(clusterArn).task(taskArn).reason(reason.length() > 255 ? reason.substring(0, 255) : reason));
        } catch (InvalidParameterException gone) {
            // The task no longer exists; the goal is met.
        }
    }

    private EcsClient ecs() {
        return ecsClient.get();
    }

    private TaskDefinition template() {
        TaskDefinition cached = template;
        if (cached == null) {
            cached = ecs().describeTaskDefinition(b -> b.taskDefinition(templateArn)).taskDefinition();
            template = cached;
        }
        return cached;
    }

    static TaskState stateOf(Task task) {
        String ip = null;
        for (Attachment attachment : task.attachments()) {
            for (KeyValuePair detail : attachment.details()) {
                if ("privateIPv4Address".equals(detail.name())) {
                    ip = detail.value();
                }
            }
        }
        if (ip == null) {
            ip = task.containers().stream().flatMap(c -> c.networkInterfaces().stream())
                .map(n -> n.privateIpv4Address()).filter(a -> a != null).findFirst().orElse(null);
        }
        String recordId = null;
        if (task.overrides() != null) {
            for (ContainerOverride override : task.overrides().containerOverrides()) {
                for (KeyValuePair pair : override.environment()) {
                    if (RECORD_ID_VARIABLE.equals(pair.name())) {
                        recordId = pair.value();
                    }
                }
            }
        }
        Instant created = task.createdAt() != null ? task.createdAt() : task.startedAt();
        return new TaskState(task.taskArn(), task.lastStatus(), ip, task.stoppedReason(),
            created == null ? 0 : created.toEpochMilli(), recordId);
    }

    private static String tagValue(String recordId) {
        return recordId.replace('#', '-');
    }
}
