package dev.openhands.platform.modules.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * @param zoneName the private zone's name, e.g. {@code sandboxes.openhands-prod.internal}: lower case, no trailing
 *                 dot, short enough that a 26-character label and the dot fit in a 253-character name with room
 * @param vpcId    the VPC whose resolver answers for the zone (the sandboxes', the app server's and the functions')
 * @param tags     resource tags
 */
public record SandboxZoneProps(String zoneName, String vpcId, Map<String, String> tags) {

    private static final Pattern NAME = Pattern.compile("^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$");

    public SandboxZoneProps {
        Objects.requireNonNull(zoneName, "zoneName");
        Objects.requireNonNull(vpcId, "vpcId");
        if (!NAME.matcher(zoneName).matches()) {
            throw new IllegalArgumentException("sandbox zone name '" + zoneName
                + "' is not a lower-case DNS name of at least two labels (200 characters at most, no trailing dot)");
        }
        if (!vpcId.startsWith("${") && !vpcId.startsWith("vpc-")) {
            throw new IllegalArgumentException("'" + vpcId + "' is not a VPC id (vpc-...) or a reference to one");
        }
        tags = Map.copyOf(tags);
    }
}
