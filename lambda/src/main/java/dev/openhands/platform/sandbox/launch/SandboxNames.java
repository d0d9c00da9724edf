package dev.openhands.platform.sandbox.launch;

import dev.openhands.platform.sandbox.registry.SandboxRecord;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Each conversation's name in the sandboxes' private hosted zone: {@code <label>.<zone>}, pointed at its task's
 * address while a task runs. The name exists from /start on and never changes, so the older OpenHands client, which
 * reads the URL once, keeps reaching the conversation after a resume gives it a new task and address.
 *
 * <p>The label is derived from the workspace directory the record keeps (the conversation's id plus its nonce, or
 * the warm slot's directory it claimed), not from the id itself: ids may be 64 characters (a DNS label holds 63)
 * and differ only in case (DNS does not), and a conversation deleted and started again with the same id must not
 * inherit the earlier one's name. A slot's name is the name of the conversation that claims it, so a warm start
 * answers on a name that already points at the running task.
 */
public final class SandboxNames {

    /** Short, so a resumed task's new address replaces the old one in resolvers' caches within seconds. */
    public static final long TTL_SECONDS = 10;
    /** 'b' + 25 base32 characters: 125 bits of the hash, a valid lower-case DNS label. */
    static final int LABEL_HASH_CHARACTERS = 25;
    private static final Pattern ZONE = Pattern.compile("^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Supplier<Route53Client> route53;
    private final String zoneId;
    private final String zoneName;

    public SandboxNames(Supplier<Route53Client> route53, String zoneId, String zoneName) {
        if (!ZONE.matcher(zoneName).matches()) {
            throw new IllegalArgumentException("not a lower-case DNS zone name: " + zoneName);
        }
        this.route53 = route53;
        this.zoneId = zoneId;
        this.zoneName = zoneName;
    }

    public static boolean isZoneName(String name) {
        return ZONE.matcher(name).matches();
    }

    /** The record's name, or null for an item that has no workspace yet (none does once it is recorded). */
    public String hostname(SandboxRecord record) {
        String label = labelOf(record);
        return label == null ? null : label + "." + zoneName;
    }

    /** The record's label (its name without the zone), or null for an item that has no workspace yet. */
    public String labelOf(SandboxRecord record) {
        String workspace = record.workspaceDirectory() != null ? record.workspaceDirectory() : record.accessPointId();
        return workspace == null ? null : label(workspace);
    }

    /**
     * A DNS label that is a function of the workspace alone: 'b' and the start of its SHA-256 in base32. Public: the
     * sandbox router's test writes the records exactly as the orchestrator would.
     */
    public static String label(String workspace) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(("openhands-sandbox:" + workspace).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
        StringBuilder label = new StringBuilder("b");
        int buffer = 0;
        int bits = 0;
        for (byte b : digest) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && label.length() <= LABEL_HASH_CHARACTERS) {
                label.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return label.toString();
    }

    /** Points the record's name at {@code ip} (creating it, or replacing whatever address it had). */
    public void point(SandboxRecord record, String ip) {
        String name = hostname(record);
        if (name != null) {
            change(ChangeAction.UPSERT, name, ip);
        }
    }

    /**
     * Removes the record's name if it still points at {@code ip}: an event about a task that stopped after its
     * conversation was resumed must not remove the name of the task that replaced it.
     */
    public void removeIfPointsAt(SandboxRecord record, String ip) {
        String name = hostname(record);
        if (name != null && ip != null) {
            removeIfPointsAt(name, ip);
        }
    }

    /** Removes {@code name} if its address is {@code ip}; a name already gone or changed meanwhile is left alone. */
    public void removeIfPointsAt(String name, String ip) {
        if (!address(name).map(ip::equals).orElse(false)) {
            return;
        }
        try {
            // Route 53 deletes only a record set matching this exact value: the write itself is a compare-and-delete.
            change(ChangeAction.DELETE, name, ip);
        } catch (InvalidChangeBatchException changedMeanwhile) {
            // Re-pointed or removed by someone else between the read and the delete.
        }
    }

    /** Where the name points now, if anywhere. */
    public Optional<String> address(String name) {
        ListResourceRecordSetsResponse page = route53.get().listResourceRecordSets(b -> b.hostedZoneId(zoneId)
            .startRecordName(name).startRecordType(RRType.A).maxItems("1"));
        return page.resourceRecordSets().stream()
            .filter(set -> set.type() == RRType.A && normalise(set.name()).equals(name) && !set.resourceRecords().isEmpty())
            .map(set -> set.resourceRecords().get(0).value()).findFirst();
    }

    /** Every A record of the zone: name (without the trailing dot) to address, sorted by name. */
    public Map<String, String> all() {
        Map<String, String> names = new TreeMap<>();
        String nextName = null;
        RRType nextType = null;
        do {
            String startName = nextName;
            RRType startType = nextType;
            ListResourceRecordSetsResponse page = route53.get().listResourceRecordSets(b -> {
                b.hostedZoneId(zoneId);
                if (startName != null) {
                    b.startRecordName(startName).startRecordType(startType);
                }
            });
            for (ResourceRecordSet set : page.resourceRecordSets()) {
                if (set.type() == RRType.A && !set.resourceRecords().isEmpty()) {
                    names.put(normalise(set.name()), set.resourceRecords().get(0).value());
                }
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            nextName = more ? page.nextRecordName() : null;
            nextType = more ? page.nextRecordType() : null;
        } while (nextName != null);
        return names;
    }

    public String zoneName() {
        return zoneName;
    }

    private void change(ChangeAction action, String name, String ip) {
        route53.get().changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(batch -> batch
            .comment("openhands sandbox orchestrator")
            .changes(Change.builder().action(action).resourceRecordSet(set -> set.name(name).type(RRType.A)
                .ttl(TTL_SECONDS).resourceRecords(r -> r.value(ip))).build())));
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
