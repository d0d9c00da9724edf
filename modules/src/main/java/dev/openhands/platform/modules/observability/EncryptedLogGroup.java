package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
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
            .retentionInDays(props.retentionDays())
            .kmsKeyId(props.kmsKeyArn())
            .tags(props.tags())
            .build();
    }

    /** The literal name, known at synth time (usable in user-data and outputs without a token). */
    public String getName() {
        return name;
    }

    public String getArn() {
        return group.getArn();
    }
}
