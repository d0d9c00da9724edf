package dev.openhands.platform.modules.events;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetRetryPolicy;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_permission.LambdaPermission;
import software.constructs.Construct;

import java.util.Map;

/**
 * An EventBridge rule that invokes a Lambda function (a schedule, or an event pattern the caller builds): the rule's
 * target and the function's permission for exactly that rule. Built in the caller's scope under
 * {@code <prefix>schedule}, {@code <prefix>target} and {@code <prefix>permission}, the ids each function had before
 * this class existed (they are Terraform addresses).
 */
public final class FunctionTrigger {

    /** How long EventBridge keeps retrying an event the function did not take: past it, the next run does the work. */
    static final int MAXIMUM_EVENT_AGE_SECONDS = 300;

    private FunctionTrigger() {
    }

    /** A rule (id {@code <prefix>schedule}) that fires on {@code expression}, {@code rate(...)} or {@code cron(...)}. */
    public static CloudwatchEventRule schedule(Construct scope, String idPrefix, String ruleName, String description, String expression,
                                               Map<String, String> tags) {
        if (!expression.matches("(rate|cron)\\(.+\\)")) {
            throw new IllegalArgumentException("schedule of rule " + ruleName + " is '" + expression
                + "': EventBridge takes rate(...) or cron(...)");
        }
        return CloudwatchEventRule.Builder.create(scope, idPrefix + "schedule")
            .name(ruleName)
            .description(description)
            .scheduleExpression(expression)
            .tags(tags)
            .build();
    }

    /** {@code rule} invokes the function's unqualified ARN; an event it does not take is not retried. */
    public static void invoke(Construct scope, String idPrefix, CloudwatchEventRule rule, LambdaFunction function) {
        target(scope, idPrefix, rule, function.getArn(), 0);
        permission(scope, idPrefix, rule, function.getFunctionName()).build();
    }

    /** {@code rule} invokes the alias (the published version it points at), retrying an event {@code retries} times. */
    public static void invoke(Construct scope, String idPrefix, CloudwatchEventRule rule, LambdaAlias alias, int retries) {
        target(scope, idPrefix, rule, alias.getArn(), retries);
        permission(scope, idPrefix, rule, alias.getFunctionName()).qualifier(alias.getName()).build();
    }

    private static void target(Construct scope, String idPrefix, CloudwatchEventRule rule, String arn, int retries) {
        CloudwatchEventTarget.Builder.create(scope, idPrefix + "target")
            .rule(rule.getName())
            .arn(arn)
            .retryPolicy(CloudwatchEventTargetRetryPolicy.builder().maximumRetryAttempts(retries)
                .maximumEventAgeInSeconds(MAXIMUM_EVENT_AGE_SECONDS).build())
            .build();
    }

    private static LambdaPermission.Builder permission(Construct scope, String idPrefix, CloudwatchEventRule rule, String functionName) {
        return LambdaPermission.Builder.create(scope, idPrefix + "permission")
            .statementId("AllowEventBridge")
            .action("lambda:InvokeFunction")
            .functionName(functionName)
            .principal("events.amazonaws.com")
            .sourceArn(rule.getArn());
    }
}
