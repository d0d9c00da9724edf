package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTable;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableAttribute;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableGlobalSecondaryIndex;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTablePointInTimeRecovery;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableServerSideEncryption;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableTtl;
import software.constructs.Construct;

import java.util.List;

/**
 * The sandbox registry: one item per conversation (and per warm-pool slot), keyed by conversation id. On-demand
 * capacity, point-in-time recovery, a customer key, TTL for finished pool slots, and the two indexes the
 * orchestrator queries: (status, last_activity) for the reaper, the pool and /list, and (owner, created_at) for a
 * user's conversations. The attribute names are the orchestrator's ({@code SandboxRegistry} in the lambda module).
 */
public class SandboxRegistryTable extends Construct {

    public static final String HASH_KEY = "conversation_id";
    public static final String STATUS_INDEX = "status-last-activity";
    public static final String OWNER_INDEX = "owner-created";
    public static final String TTL_ATTRIBUTE = "expires_at";

    // Read once: each read of an attribute is a round trip to Node (docs/performance.md).
    private final String name;
    private final String arn;

    public SandboxRegistryTable(Construct scope, String id, SandboxRegistryTableProps props) {
        super(scope, id);
        DynamodbTable.Builder builder = DynamodbTable.Builder.create(this, "table")
            .name(props.tableName())
            .billingMode("PAY_PER_REQUEST")
            .hashKey(HASH_KEY)
            .attribute(List.of(
                attribute(HASH_KEY, "S"), attribute("status", "S"), attribute("last_activity", "N"),
                attribute("owner", "S"), attribute("created_at", "N")))
            .globalSecondaryIndex(List.of(
                DynamodbTableGlobalSecondaryIndex.builder().name(STATUS_INDEX).hashKey("status").rangeKey("last_activity")
                    .projectionType("ALL").build(),
                DynamodbTableGlobalSecondaryIndex.builder().name(OWNER_INDEX).hashKey("owner").rangeKey("created_at")
                    .projectionType("ALL").build()))
            .pointInTimeRecovery(DynamodbTablePointInTimeRecovery.builder().enabled(true).build())
            .serverSideEncryption(DynamodbTableServerSideEncryption.builder().enabled(true).kmsKeyArn(props.key().getArn()).build())
            .ttl(DynamodbTableTtl.builder().attributeName(TTL_ATTRIBUTE).enabled(true).build())
            .deletionProtectionEnabled(props.protection().deletionProtection())
            .tags(props.tags());
        if (props.protection().preventDestroy()) {
            builder.lifecycle(TerraformResourceLifecycle.builder().preventDestroy(true).build());
        }
        DynamodbTable table = builder.build();
        this.name = table.getName();
        this.arn = table.getArn();
    }

    private static DynamodbTableAttribute attribute(String name, String type) {
        return DynamodbTableAttribute.builder().name(name).type(type).build();
    }

    public String getName() {
        return name;
    }

    public String getArn() {
        return arn;
    }
}
