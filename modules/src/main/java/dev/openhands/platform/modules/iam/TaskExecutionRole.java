package dev.openhands.platform.modules.iam;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The execution role of an ECS task: ECS may pull the task's images, write its one log group and, where secrets are
 * injected into the container, read exactly those secrets (their key only through Secrets Manager); nothing else.
 *
 * <p>Built in the caller's scope under the ids {@code execution-role} and {@code execution-policy}, not in a construct
 * of its own: the ids are the resources' Terraform addresses, which every service had before this class existed.
 *
 * <pre>{@code
 * IamRole role = TaskExecutionRole.builder(location, "Proxy")
 *     .roleName(name + "-egress-proxy-execution").description("Pulls the egress proxy image and writes its logs")
 *     .image(repositoryArn).logGroupArn(logGroup.getArn()).tags(tags)
 *     .build(this);
 * }</pre>
 */
public final class TaskExecutionRole {

    static final List<String> PULL_ACTIONS = List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");
    static final List<String> LOG_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

    private final AwsLocation location;
    private final String subject;
    private String roleName;
    private String description;
    private List<String> repositoryArns;
    private boolean severalImages;
    private String logGroupArn;
    private List<String> secretArns = List.of();
    private String secretsKeyArn;
    private Map<String, String> tags = Map.of();

    private TaskExecutionRole(AwsLocation location, String subject) {
        this.location = Objects.requireNonNull(location, "location");
        this.subject = Objects.requireNonNull(subject, "subject");
        if (!subject.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("subject '" + subject + "' names the statements (Pull<subject>Image): one capitalised word");
        }
    }

    /**
     * @param location the account ECS assumes the role for
     * @param subject  a word for the statement ids, e.g. {@code Proxy}: {@code Pull<subject>Image}, {@code Write<subject>Logs}
     */
    public static TaskExecutionRole builder(AwsLocation location, String subject) {
        return new TaskExecutionRole(location, subject);
    }

    public TaskExecutionRole roleName(String roleName) {
        this.roleName = roleName;
        return this;
    }

    public TaskExecutionRole description(String description) {
        this.description = description;
        return this;
    }

    /** The one image repository the task pulls from ({@code Pull<subject>Image}). */
    public TaskExecutionRole image(String repositoryArn) {
        this.repositoryArns = List.of(repositoryArn);
        this.severalImages = false;
        return this;
    }

    /** The repositories of a task that may run any of several images ({@code Pull<subject>Images}). */
    public TaskExecutionRole images(List<String> repositoryArns) {
        this.repositoryArns = List.copyOf(repositoryArns);
        this.severalImages = true;
        return this;
    }

    /** The log group the awslogs driver writes (its streams: the ARN with {@code :*}). */
    public TaskExecutionRole logGroupArn(String logGroupArn) {
        this.logGroupArn = logGroupArn;
        return this;
    }

    /** The secrets ECS injects into the container at start, and the key they are encrypted with. */
    public TaskExecutionRole injectedSecrets(List<String> secretArns, String keyArn) {
        this.secretArns = List.copyOf(secretArns);
        this.secretsKeyArn = Objects.requireNonNull(keyArn, "secrets key ARN");
        return this;
    }

    public TaskExecutionRole tags(Map<String, String> tags) {
        this.tags = Map.copyOf(tags);
        return this;
    }

    /** Creates the role and its inline policy in {@code scope}. */
    public IamRole build(Construct scope) {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(logGroupArn, "logGroupArn");
        if (repositoryArns == null || repositoryArns.isEmpty()) {
            throw new IllegalArgumentException("execution role " + roleName + " pulls no image: call image(...) or images(...)");
        }
        IamRole role = IamRole.Builder.create(scope, "execution-role")
            .name(roleName)
            .description(description)
            .assumeRolePolicy(ServiceTrust.ecsTasks(location).toJson())
            .tags(tags)
            .build();
        IamRolePolicy.Builder.create(scope, "execution-policy")
            .name(secretArns.isEmpty() ? "pull-and-log" : "pull-log-secrets")
            .role(role.getName())
            .policy(policy().toJson())
            .build();
        return role;
    }

    PolicyDocument policy() {
        List<Statement> statements = new ArrayList<>();
        // GetAuthorizationToken has no resource type: the Service Authorization Reference lists none.
        statements.add(Statement.allow("RegistryLogin", List.of("ecr:GetAuthorizationToken"), List.of("*")));
        statements.add(Statement.allow("Pull" + subject + (severalImages ? "Images" : "Image"), PULL_ACTIONS, repositoryArns));
        statements.add(Statement.allow("Write" + subject + "Logs", LOG_ACTIONS, List.of(logGroupArn + ":*")));
        if (!secretArns.isEmpty()) {
            String region = location.region();
            statements.add(Statement.allow("ReadInjectedSecrets", List.of("secretsmanager:GetSecretValue"), secretArns));
            statements.add(Statement.allow("DecryptThemThroughSecretsManager", List.of("kms:Decrypt"), List.of(secretsKeyArn))
                .withCondition("StringEquals", "kms:ViaService", List.of("secretsmanager." + region + "." + AwsPartition.dnsSuffix(region))));
        }
        return new PolicyDocument(statements);
    }
}
