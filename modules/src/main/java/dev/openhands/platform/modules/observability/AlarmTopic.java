package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.List;

/**
 * The topic an environment's alarms and budget notifications go to, encrypted with a customer key. Only CloudWatch
 * alarms and AWS Budgets of this account may publish, and only over TLS.
 */
public class AlarmTopic extends Construct {

    /** The services that publish to the topic, and so must use its key. */
    public static final List<String> PUBLISHERS = List.of("cloudwatch.amazonaws.com", "budgets.amazonaws.com");

    private final SnsTopic topic;
    private final String topicArn;

    public AlarmTopic(Construct scope, String id, AlarmTopicProps props) {
        super(scope, id);
        this.topic = SnsTopic.Builder.create(this, "topic")
            .name(props.name())
            .kmsMasterKeyId(props.key().getArn())
            .tags(props.tags())
            .build();
        this.topicArn = topic.getArn();
        String arn = topicArn(props.location(), props.name());
        SnsTopicPolicy.Builder.create(this, "policy")
            .arn(topicArn)
            .policy(PolicyDocument.of(
                Statement.allow("AlarmsAndBudgetsOfThisAccountPublish", List.of("sns:Publish"), List.of(arn))
                    .withPrincipal("Service", PUBLISHERS)
                    .withCondition("StringEquals", "aws:SourceAccount", List.of(props.location().accountId())),
                Statement.deny("PublishOverTlsOnly", List.of("sns:Publish"), List.of(arn))
                    .withPrincipal("AWS", List.of("*"))
                    .withCondition("Bool", "aws:SecureTransport", List.of("false"))
            ).toJson())
            .build();
        for (int i = 0; i < props.emails().size(); i++) {
            SnsTopicSubscription.Builder.create(this, "email-" + i)
                .topicArn(topicArn)
                .protocol("email")
                .endpoint(props.emails().get(i))
                .build();
        }
        props.chatWebhookUrl().ifPresent(url -> SnsTopicSubscription.Builder.create(this, "chat-webhook")
            .topicArn(topicArn)
            .protocol("https")
            .endpoint(url)
            // The endpoint confirms by answering SNS's SubscriptionConfirmation; until then it receives nothing.
            .endpointAutoConfirms(false)
            .build());
    }

    /** The key-policy statement that lets the publishers encrypt messages for the topic. */
    public static Statement keyGrant(AwsLocation location) {
        return Statement.allow("AlarmsAndBudgetsEncryptForTheAlarmTopic", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of("*"))
            .withPrincipal("Service", PUBLISHERS)
            .withCondition("StringEquals", "aws:SourceAccount", List.of(location.accountId()));
    }

    static String topicArn(AwsLocation location, String name) {
        return location.arn("sns", name);
    }

    public String getArn() {
        return topicArn;
    }
}
