package dev.openhands.platform.sandbox.registry;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDB registry of sandboxes and warm-pool slots. Every state change is a conditional write on the item's
 * version: of two concurrent writers exactly one wins and the other gets {@link VersionConflictException}, so a
 * conversation can never end up with two tasks.
 */
public final class SandboxRegistry {

    public static final String KEY = "conversation_id";
    public static final String STATUS = "status";
    public static final String LAST_ACTIVITY = "last_activity";
    public static final String OWNER = "owner";
    public static final String CREATED_AT = "created_at";
    /** GSI (status, last_activity): what the reaper, the pool and /list query. */
    public static final String STATUS_INDEX = "status-last-activity";
    /** GSI (owner, created_at): a user's conversations, newest first. */
    public static final String OWNER_INDEX = "owner-created";

    private static final String VERSION = "version";
    private static final String TASK_ARN = "task_arn";
    private static final String TASK_IP = "task_ip";
    private static final String ACCESS_POINT = "access_point_id";
    private static final String WORKSPACE_DIRECTORY = "workspace_dir";
    private static final String SESSION_KEY = "session_api_key";
    private static final String WARM = "warm";
    private static final String LINK = "link";
    private static final String READY = "ready";
    private static final String ERROR = "error";
    private static final String RUN_AS_USER = "run_as_user";
    private static final String RUN_AS_GROUP = "run_as_group";
    private static final String WORKSPACE_UID = "workspace_uid";
    /**
     * The item that counts workspace uids handed out. Its key has '#', which no conversation id can, and no status,
     * so no index holds it.
     */
    public static final String UID_COUNTER = "#workspace-uids";
    private static final String COUNT = "count";
    /** The first workspace uid: above 65534, the highest uid /start accepts, so no sandbox process runs as one. */
    public static final int FIRST_WORKSPACE_UID = 1_000_000;
    /** EFS takes 32-bit uids; the registry's records keep them as Java ints. */
    public static final int LAST_WORKSPACE_UID = Integer.MAX_VALUE;
    private static final String EXPIRES_AT = "expires_at";
    private static final String LAUNCH = "launch";
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public SandboxRegistry(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<SandboxRecord> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * The item a task serves, from the id it was started for: a warm slot's task serves the conversation that
     * claimed the slot.
     */
    public Optional<SandboxRecord> servedBy(String recordId) {
        Optional<SandboxRecord> item = get(recordId);
        if (item.isPresent() && item.get().status() == SandboxStatus.POOL_CLAIMED && item.get().link() != null) {
            return get(item.get().link());
        }
        return item;
    }

    /** The records that exist among {@code ids}, in the order asked; unknown ids are left out. */
    public List<SandboxRecord> getAll(Collection<String> ids) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, SandboxRecord> found = new HashMap<>();
        for (int start = 0; start < unique.size(); start += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : unique.subList(start, Math.min(unique.size(), start + BATCH_GET_LIMIT))) {
                keys.add(key(id));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    SandboxRecord record = fromItem(item);
                    found.put(record.id(), record);
                });
                request = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
            }
        }
        List<SandboxRecord> ordered = new ArrayList<>();
        for (String id : unique) {
            if (found.containsKey(id)) {
                ordered.add(found.get(id));
            }
        }
        return ordered;
    }

    /** Writes a new item at version 1; fails with {@link VersionConflictException} if the id exists. */
    public SandboxRecord create(SandboxRecord record) {
        SandboxRecord created = record.toBuilder().version(1).build();
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(created))
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", KEY)));
        } catch (ConditionalCheckFailedException lost) {
            throw new VersionConflictException(record.id(), 0);
        }
        return created;
    }

    /**
     * A workspace uid no conversation or slot ever had: one atomic increment of a counter item, so two callers never
     * get the same one, and no uid is handed out twice (a start that loses its race wastes one; there are two billion).
     */
    public int allocateWorkspaceUid() {
        AttributeValue count = dynamo.updateItem(b -> b.tableName(table).key(key(UID_COUNTER))
            .updateExpression("ADD #c :one").expressionAttributeNames(Map.of("#c", COUNT))
            .expressionAttributeValues(Map.of(":one", number(1))).returnValues(ReturnValue.UPDATED_NEW))
            .attributes().get(COUNT);
        long uid = FIRST_WORKSPACE_UID + Long.parseLong(count.n()) - 1;
        if (uid > LAST_WORKSPACE_UID) {
            throw new IllegalStateException("every workspace uid has been handed out (the counter " + UID_COUNTER + " is at " + count.n() + ")");
        }
        return (int) uid;
    }

    /** Moves {@code current} to {@code next}, if nobody else changed it since it was read. */
    public SandboxRecord replace(SandboxRecord current, SandboxRecord next) {
        return replace(current, next, null, Map.of());
    }

    /**
     * Like {@link #replace}, and only if the item has had no activity at or after {@code cutoffMillis}: the reaper's
     * write, which must lose against any activity that arrived after it read the item.
     */
    public SandboxRecord replaceIfIdleSince(SandboxRecord current, SandboxRecord next, long cutoffMillis) {
        return replace(current, next, "#la < :cutoff", Map.of(":cutoff", number(cutoffMillis)));
    }

    private SandboxRecord replace(SandboxRecord current, SandboxRecord next, String extraCondition,
                                  Map<String, AttributeValue> extraValues) {
        if (!current.id().equals(next.id())) {
            throw new IllegalArgumentException("cannot replace " + current.id() + " with " + next.id());
        }
        if (!current.status().canBecome(next.status())) {
            throw new IllegalStateException(current.id() + ": " + current.status() + " cannot become " + next.status());
        }
        SandboxRecord written = next.toBuilder().version(current.version() + 1).build();
        Map<String, AttributeValue> item = toItem(written);
        item.remove(KEY);
        if (written.lastActivity() == current.lastActivity()) {
            // Activity is written by touch() without a version bump; a transition must not roll it back.
            item.remove(LAST_ACTIVITY);
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>(extraValues);
        List<String> sets = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            names.put("#a" + n, attribute.getKey());
            values.put(":a" + n, attribute.getValue());
            sets.add("#a" + n + " = :a" + n);
            n++;
        }
        List<String> removes = new ArrayList<>();
        for (String optional : List.of(TASK_ARN, TASK_IP, ACCESS_POINT, WORKSPACE_DIRECTORY, SESSION_KEY, LINK, ERROR, EXPIRES_AT, LAUNCH)) {
            if (!item.containsKey(optional)) {
                names.put("#r" + removes.size(), optional);
                removes.add("#r" + removes.size());
            }
        }
        names.put("#ver", VERSION);
        names.put("#own", OWNER);
        values.put(":expected", number(current.version()));
        values.put(":owner", string(current.owner()));
        // The owner too: a conversation deleted and started again by someone else can be back at the same version.
        String condition = "#ver = :expected AND #own = :owner";
        if (extraCondition != null) {
            names.put("#la", LAST_ACTIVITY);
            condition += " AND " + extraCondition;
        }
        String update = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        String finalCondition = condition;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(current.id())).updateExpression(update)
                .conditionExpression(finalCondition).expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException lost) {
            throw new VersionConflictException(current.id(), current.version());
        }
        return written;
    }

    /**
     * Records client activity on a live sandbox, at most once per {@code minIntervalMillis} (so status polling does
     * not turn into a write per request). No version bump: activity never conflicts with a transition.
     */
    public boolean touch(String id, long nowMillis, long minIntervalMillis) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(id))
                .updateExpression("SET #la = :now")
                .conditionExpression("attribute_exists(#k) AND #la < :threshold AND #s IN (:starting, :running)")
                .expressionAttributeNames(Map.of("#la", LAST_ACTIVITY, "#k", KEY, "#s", STATUS))
                .expressionAttributeValues(Map.of(":now", number(nowMillis),
                    ":threshold", number(nowMillis - minIntervalMillis),
                    ":starting", string(SandboxStatus.STARTING.name()),
                    ":running", string(SandboxStatus.RUNNING.name()))));
            return true;
        } catch (ConditionalCheckFailedException notDue) {
            return false;
        }
    }

    public void delete(SandboxRecord current) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(current.id()))
                .conditionExpression("#ver = :expected AND #own = :owner")
                .expressionAttributeNames(Map.of("#ver", VERSION, "#own", OWNER))
                .expressionAttributeValues(Map.of(":expected", number(current.version()), ":owner", string(current.owner()))));
        } catch (ConditionalCheckFailedException lost) {
            throw new VersionConflictException(current.id(), current.version());
        }
    }

    /** Every item in {@code status}, oldest activity first (eventually consistent: the GSI lags writes slightly). */
    public List<SandboxRecord> byStatus(SandboxStatus status) {
        return query(STATUS_INDEX, "#s = :s", Map.of("#s", STATUS), Map.of(":s", string(status.name())));
    }

    /** Items in {@code status} whose last activity is before {@code cutoffMillis}. */
    public List<SandboxRecord> idleSince(SandboxStatus status, long cutoffMillis) {
        return query(STATUS_INDEX, "#s = :s AND #la < :cutoff", Map.of("#s", STATUS, "#la", LAST_ACTIVITY),
            Map.of(":s", string(status.name()), ":cutoff", number(cutoffMillis)));
    }

    /** Every item of one owner, oldest first (eventually consistent, like {@link #byStatus}). */
    public List<SandboxRecord> byOwner(String owner) {
        return query(OWNER_INDEX, "#o = :o", Map.of("#o", OWNER), Map.of(":o", string(owner)));
    }

    private List<SandboxRecord> query(String index, String keyCondition, Map<String, String> names,
                                      Map<String, AttributeValue> values) {
        List<SandboxRecord> records = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression(keyCondition).expressionAttributeNames(names).expressionAttributeValues(values);
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamo.query(request.build());
            page.items().forEach(item -> records.add(fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return records;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(KEY, string(id));
    }

    static Map<String, AttributeValue> toItem(SandboxRecord r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(KEY, string(r.id()));
        item.put(OWNER, string(r.owner()));
        item.put(STATUS, string(r.status().name()));
        item.put(VERSION, number(r.version()));
        putIfPresent(item, TASK_ARN, r.taskArn());
        putIfPresent(item, TASK_IP, r.taskIp());
        putIfPresent(item, ACCESS_POINT, r.accessPointId());
        putIfPresent(item, WORKSPACE_DIRECTORY, r.workspaceDirectory());
        putIfPresent(item, SESSION_KEY, r.sessionApiKey());
        item.put(CREATED_AT, number(r.createdAt()));
        item.put(LAST_ACTIVITY, number(r.lastActivity()));
        item.put(WARM, AttributeValue.fromBool(r.warm()));
        putIfPresent(item, LINK, r.link());
        item.put(READY, AttributeValue.fromBool(r.ready()));
        putIfPresent(item, ERROR, r.error());
        item.put(RUN_AS_USER, number(r.runAsUser()));
        item.put(RUN_AS_GROUP, number(r.runAsGroup()));
        item.put(WORKSPACE_UID, number(r.workspaceUid()));
        if (r.expiresAt() != null) {
            item.put(EXPIRES_AT, number(r.expiresAt()));
        }
        putIfPresent(item, LAUNCH, r.launch());
        return item;
    }

    static SandboxRecord fromItem(Map<String, AttributeValue> item) {
        return SandboxRecord.builder(item.get(KEY).s(), SandboxStatus.valueOf(item.get(STATUS).s()))
            .owner(text(item, OWNER) == null ? SandboxRecord.DEFAULT_OWNER : text(item, OWNER))
            .version(longValue(item, VERSION))
            .taskArn(text(item, TASK_ARN))
            .taskIp(text(item, TASK_IP))
            .accessPointId(text(item, ACCESS_POINT))
            .workspaceDirectory(text(item, WORKSPACE_DIRECTORY))
            .sessionApiKey(text(item, SESSION_KEY))
            .createdAt(longValue(item, CREATED_AT))
            .lastActivity(longValue(item, LAST_ACTIVITY))
            .warm(flag(item, WARM))
            .link(text(item, LINK))
            .ready(flag(item, READY))
            .error(text(item, ERROR))
            .runAsUser((int) longValue(item, RUN_AS_USER))
            .runAsGroup((int) longValue(item, RUN_AS_GROUP))
            .workspaceUid((int) longValue(item, WORKSPACE_UID))
            .expiresAt(item.containsKey(EXPIRES_AT) ? longValue(item, EXPIRES_AT) : null)
            .launch(text(item, LAUNCH))
            .build();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, string(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long longValue(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    private static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
