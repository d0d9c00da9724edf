package dev.openhands.platform.modules.edge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionTracingConfig;
import com.hashicorp.cdktf.providers.aws.lambda_invocation.LambdaInvocation;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret.SecretsmanagerSecret;
import dev.openhands.platform.modules.events.FunctionTrigger;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.json.StableJson;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The origin header's value: a Secrets Manager secret (customer key) whose versions only the rotation function
 * writes, and that function. Terraform never holds the value (it is in no plan, state or configuration); it
 * invokes the function with the configured generation, so raising the generation by one rotates the value: the
 * function generates a new one, the listener rules accept the new and the previous value, the distributions send the
 * new one, and a run every {@value #SETTLE_SCHEDULE} drops the previous value once every distribution is deployed
 * with the new one and the grace period has passed.
 *
 * <p>Why the function writes the versions rather than Terraform's write-only attribute (as the orchestrator's API key
 * is written): a version Terraform writes becomes current before any rule accepts it or any distribution sends it.
 * The function stores it as pending, widens the rules, switches the distributions, and only then promotes it, so a run
 * that stops half way loses nothing and the next one finishes it.
 */
public class OriginSecret extends Construct {

    public static final String HANDLER = "dev.openhands.platform.edge.OriginSecretRotationHandler::handleRequest";
    public static final String SETTLE_SCHEDULE = "rate(15 minutes)";

    private final SecretsmanagerSecret secret;
    private final String secretArn;
    private final LambdaFunction function;
    private final String functionFunctionName;
    private final IamRole role;

    public OriginSecret(Construct scope, String id, OriginSecretProps props) {
        super(scope, id);
        String functionName = props.name() + "-origin-secret-rotation";
        this.secret = SecretsmanagerSecret.Builder.create(this, "secret")
            .name(props.name() + "/origin-verify")
            .description("Value of the " + VerifiedOrigin.HEADER_NAME + " header CloudFront sends to the load balancer;"
                + " versions written by " + functionName + " only")
            .kmsKeyId(props.key().getArn())
            .recoveryWindowInDays(7)
            .tags(props.tags())
            .build();
        this.secretArn = secret.getArn();

        EncryptedLogGroup logs = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps("/aws/lambda/" + functionName,
            props.logs(), props.tags()));
        this.role = IamRole.Builder.create(this, "role")
            .name(functionName)
            .description("Origin secret rotation: the secret, the load balancer's guarded rules, the distributions' origin header")
            .assumeRolePolicy(PolicyDocument.of(Statement.allow("LambdaAssumesRole", List.of("sts:AssumeRole"), List.of("*"))
                .withPrincipal("Service", List.of("lambda.amazonaws.com"))
                .withCondition("StringEquals", "aws:SourceAccount", List.of(props.location().accountId()))).toJson())
            .tags(props.tags())
            .build();
        IamRolePolicy policy = IamRolePolicy.Builder.create(this, "role-policy")
            .name("rotate-origin-secret")
            .role(role.getName())
            .policy(rolePolicy(props, secretArn, logs.getArn() + ":*").toJson())
            .build();

        String code = props.artifact().codeIn(this);
        // One run at a time: a rotation and a settle run must not interleave their rule updates.
        this.function = props.artifact().javaFunction(this, "function", code, HANDLER)
            .functionName(functionName)
            .description("Rotates the " + VerifiedOrigin.HEADER_NAME + " value without an outage")
            .role(role.getArn())
            .memorySize(512)
            .timeout(120)
            .reservedConcurrentExecutions(1)
            .tracingConfig(LambdaFunctionTracingConfig.builder().mode("Active").build())
            .kmsKeyArn(props.key().getArn())
            .environment(LambdaFunctionEnvironment.builder().variables(environment(props, secretArn)).build())
            .tags(props.tags())
            .build();
        this.functionFunctionName = function.getFunctionName();

        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("generation", props.generation());
        Map<String, String> triggers = new TreeMap<>();
        triggers.put("generation", Long.toString(props.generation()));
        triggers.put("rules", String.join(",", props.origin().getRuleArns()));
        triggers.put("distributions", String.join(",", props.distributionIds()));
        LambdaInvocation.Builder.create(this, "rotate")
            .functionName(functionFunctionName)
            .input(StableJson.write(input))
            .triggers(triggers)
            .dependsOn(List.of(policy))
            .build();

        CloudwatchEventRule settle = FunctionTrigger.schedule(this, "settle-", props.name() + "-origin-secret-settle",
            "Stops accepting the previous origin header value once no distribution sends it", SETTLE_SCHEDULE, props.tags());
        FunctionTrigger.invoke(this, "settle-", settle, function);
    }

    static Map<String, String> environment(OriginSecretProps props, String secretArn) {
        Map<String, String> env = new TreeMap<>();
        env.put("ORIGIN_SECRET_ARN", secretArn);
        env.put("ORIGIN_HEADER_NAME", VerifiedOrigin.HEADER_NAME);
        env.put("ORIGIN_RULE_ARNS", String.join(",", props.origin().getRuleArns()));
        env.put("ORIGIN_DISTRIBUTION_IDS", String.join(",", props.distributionIds()));
        env.put("ORIGIN_DOMAIN_NAME", props.origin().getDnsName());
        env.put("ORIGIN_GRACE_MINUTES", Long.toString(props.grace().toMinutes()));
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return env;
    }

    /**
     * Exact ARNs throughout, except {@code elasticloadbalancing:DescribeRules}, which supports no resource-level
     * permissions (the Service Authorization Reference lists none).
     */
    static PolicyDocument rolePolicy(OriginSecretProps props, String secretArn, String logGroupArn) {
        String region = props.location().region();
        List<Statement> statements = new ArrayList<>(List.of(
            Statement.allow("RotateTheOriginSecret", List.of("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                "secretsmanager:UpdateSecretVersionStage", "secretsmanager:DescribeSecret"), List.of(secretArn)),
            // Lambda decrypts the function's environment with the same key, on the role's behalf.
            Statement.allow("UseTheKeyThroughSecretsManagerAndLambda", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(props.key().getArn()))
                .withCondition("StringEquals", "kms:ViaService", List.of("secretsmanager." + region + ".amazonaws.com",
                    "lambda." + region + ".amazonaws.com")),
            Statement.allow("SetTheGuardedRulesHeaderValues", List.of("elasticloadbalancing:ModifyRule"), props.origin().getRuleArns()),
            Statement.allow("ReadListenerRules", List.of("elasticloadbalancing:DescribeRules"), List.of("*"))));
        if (!props.distributionIds().isEmpty()) {
            List<String> distributions = props.distributionIds().stream()
                .map(id -> props.location().globalArn("cloudfront", "distribution/" + id)).toList();
            statements.add(Statement.allow("SendTheValueFromTheDistributions", List.of("cloudfront:GetDistribution",
                "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution"), distributions));
        }
        statements.add(Statement.allow("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroupArn)));
        // X-Ray's trace APIs support no resource-level permissions.
        statements.add(Statement.allow("Tracing", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), List.of("*")));
        return PolicyDocument.of(statements.toArray(Statement[]::new));
    }

    /** The secret (its ARN only: the value is read by nobody but the rotation function). */
    public String getSecretArn() {
        return secretArn;
    }

    public String getFunctionName() {
        return functionFunctionName;
    }

    public String getFunctionArn() {
        return function.getArn();
    }

    public String getRoleArn() {
        return role.getArn();
    }
}
