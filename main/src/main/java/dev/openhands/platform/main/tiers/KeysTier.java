package dev.openhands.platform.main.tiers;

import dev.openhands.platform.modules.data.DataProtection;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.observability.AlarmTopic;

import java.util.List;

/**
 * The environment's customer-managed keys: one for its log groups, one for its data. Separate keys let the data
 * key outlive a stack (prevent_destroy in production) while logs rotate on their own.
 */
public final class KeysTier {

    private final CustomerManagedKey logs;
    private final CustomerManagedKey data;

    private KeysTier(CustomerManagedKey logs, CustomerManagedKey data) {
        this.logs = logs;
        this.data = data;
    }

    /** The service's keys: logs, and data (database, secrets, events, workspaces, backups, the sandbox registry). */
    public static KeysTier forService(EnvironmentScope scope, DataProtection protection) {
        CustomerManagedKey logs = logsKey(scope);
        CustomerManagedKey data = new CustomerManagedKey(scope.stack(), "data-key", new CustomerManagedKeyProps(
            scope.prefix() + "-data", scope.location(),
            "OpenHands " + scope.env().name() + ": database, secrets, events, workspaces, backups", List.of(), 30,
            EnvironmentScope.NO_EXTRA_TAGS));
        if (protection.preventDestroy()) {
            data.protectFromDestroy();
        }
        return new KeysTier(logs, data);
    }

    /** The pilot's keys: logs, and storage (the host's EBS volume and its container images). */
    public static KeysTier forPilot(EnvironmentScope scope) {
        CustomerManagedKey logs = logsKey(scope);
        CustomerManagedKey storage = new CustomerManagedKey(scope.stack(), "storage-key", new CustomerManagedKeyProps(
            scope.prefix() + "-storage", scope.location(), "OpenHands " + scope.env().name() + ": EBS volumes and container images",
            List.of(), 30, EnvironmentScope.NO_EXTRA_TAGS));
        return new KeysTier(logs, storage);
    }

    /** The key of the environment's log groups and alarm topic: CloudWatch Logs for its own groups, alarms and budgets of this account. */
    private static CustomerManagedKey logsKey(EnvironmentScope scope) {
        var location = scope.location();
        return new CustomerManagedKey(scope.stack(), "logs-key", new CustomerManagedKeyProps(
            scope.prefix() + "-logs", location, "OpenHands " + scope.env().name() + ": CloudWatch log groups",
            List.of(CustomerManagedKey.cloudWatchLogsGrant(location.region(),
                location.arn("logs", "log-group:/openhands/" + scope.prefix() + "/*"),
                location.arn("logs", "log-group:/aws/lambda/" + scope.prefix() + "-*")),
                AlarmTopic.keyGrant(location)),
            30, EnvironmentScope.NO_EXTRA_TAGS));
    }

    public CustomerManagedKey logs() {
        return logs;
    }

    /** The service's data key, or the pilot's storage key. */
    public CustomerManagedKey data() {
        return data;
    }
}
