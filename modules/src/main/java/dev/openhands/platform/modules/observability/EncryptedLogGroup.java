package dev.openhands.platform.modules.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import dev.openhands.platform.modules.iam.AwsLocation;
import software.constructs.Construct;

/** A CloudWatch log group encrypted with a customer-managed key and a finite retention. */
public class EncryptedLogGroup extends Construct {

    private final CloudwatchLogGroup group;
    private final String name;

    public EncryptedLogGroup(Construct scope, String id, EncryptedLogGroupProps props) {
        super(scope, id);
        this.name = props.name();
        this.group = CloudwatchLogGroup.Builder.create(this, "group")
            .name(props.name())
            .retentionInDays(props.settings().retentionDays())
            .kmsKeyId(props.settings().keyArn())
            .tags(props.tags())
            .build();
    }

    /** A container definition's {@code logConfiguration}: the awslogs driver writing to this group, streams under {@code prefix}. */
    public void writeLogConfiguration(ObjectNode container, String region, String prefix) {
        ObjectNode log = container.putObject("logConfiguration");
        log.put("logDriver", "awslogs");
        log.putObject("options").put("awslogs-group", name).put("awslogs-region", region).put("awslogs-stream-prefix", prefix);
    }

    /** The literal name, known at synth time (usable in user-data and outputs without a token). */
    public String getName() {
        return name;
    }

    public String getArn() {
        return group.getArn();
    }

    /**
     * The group's ARN spelled out from its literal name: a policy that grants on it shows the exact ARN at synth
     * time (in the plan, to reviewers and tests), where {@link #getArn()} is a token until apply.
     *
     * @param location the account and region the group lives in
     */
    public String arnIn(AwsLocation location) {
        return location.arn("logs", "log-group:" + name);
    }
}
