package dev.openhands.platform.modules.data;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.backup_plan.BackupPlanRule;
import com.hashicorp.cdktf.providers.aws.backup_plan.BackupPlanRuleCopyAction;
import com.hashicorp.cdktf.providers.aws.backup_plan.BackupPlanRuleCopyActionLifecycle;
import com.hashicorp.cdktf.providers.aws.backup_plan.BackupPlanRuleLifecycle;
import com.hashicorp.cdktf.providers.aws.backup_selection.BackupSelection;
import com.hashicorp.cdktf.providers.aws.backup_selection.BackupSelectionSelectionTag;
import com.hashicorp.cdktf.providers.aws.backup_vault.BackupVault;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.ServiceTrust;
import software.constructs.Construct;

import java.util.List;

/**
 * AWS Backup for the data tier: a vault encrypted with a customer key and a daily plan, optionally copying each
 * recovery point to a vault in another region, selecting resources by tag (the cluster, the file system and the
 * sandbox registry table carry it).
 */
public class BackupPlan extends Construct {

    private final BackupVault vault;

    public BackupPlan(Construct scope, String id, BackupPlanProps props) {
        super(scope, id);
        BackupVault.Builder vaultBuilder = BackupVault.Builder.create(this, "vault")
            .name(props.name() + "-backups")
            .kmsKeyArn(props.key().getArn())
            .forceDestroy(false)
            .tags(props.tags());
        if (props.preventDestroy()) {
            vaultBuilder.lifecycle(TerraformResourceLifecycle.builder().preventDestroy(true).build());
        }
        this.vault = vaultBuilder.build();

        BackupPlanRule.Builder rule = BackupPlanRule.builder()
            .ruleName("daily")
            .targetVaultName(vault.getName())
            .schedule(props.schedule())
            .startWindow(60)
            .completionWindow(360)
            .lifecycle(BackupPlanRuleLifecycle.builder().deleteAfter(props.retentionDays()).build());
        props.copyToVaultArn().ifPresent(arn -> rule.copyAction(List.of(BackupPlanRuleCopyAction.builder()
            .destinationVaultArn(arn)
            .lifecycle(BackupPlanRuleCopyActionLifecycle.builder().deleteAfter(props.retentionDays()).build())
            .build())));
        com.hashicorp.cdktf.providers.aws.backup_plan.BackupPlan plan = com.hashicorp.cdktf.providers.aws.backup_plan.BackupPlan.Builder
            .create(this, "plan")
            .name(props.name() + "-daily")
            .rule(List.of(rule.build()))
            .tags(props.tags())
            .build();

        PolicyDocument trust = ServiceTrust.of("BackupAssumesRole", "backup.amazonaws.com", props.location());
        IamRole role = IamRole.Builder.create(this, "role")
            .name(props.name() + "-backup")
            .description("AWS Backup of the " + props.name() + " data tier")
            .assumeRolePolicy(trust.toJson())
            .tags(props.tags())
            .build();
        String roleName = role.getName(); // read once: each attribute read is a round trip to Node
        for (String policy : List.of("AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores")) {
            IamRolePolicyAttachment.Builder.create(this, policy)
                .role(roleName)
                .policyArn("arn:aws:iam::aws:policy/service-role/" + policy)
                .build();
        }
        BackupSelection.Builder.create(this, "selection")
            .name(props.name() + "-tagged")
            .planId(plan.getId())
            .iamRoleArn(role.getArn())
            .selectionTag(List.of(BackupSelectionSelectionTag.builder()
                .type("STRINGEQUALS").key(props.selection().key()).value(props.selection().value()).build()))
            .build();
    }

    public String getVaultArn() {
        return vault.getArn();
    }
}
