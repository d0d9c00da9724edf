package dev.openhands.platform.modules.edge;

import java.util.List;

/**
 * @param name           the response headers policy's name
 * @param frameAncestors origins allowed to frame these pages ({@code https://name}); empty: only the site itself
 *                       ({@code X-Frame-Options: SAMEORIGIN})
 */
public record EdgeSecurityHeadersProps(String name, List<String> frameAncestors) {

    public EdgeSecurityHeadersProps {
        if (name == null || !name.matches("^[A-Za-z0-9_-]{1,128}$")) {
            throw new IllegalArgumentException("response headers policy name '" + name + "' must be 1-128 letters, digits, _ and -");
        }
        frameAncestors = List.copyOf(frameAncestors);
        for (String origin : frameAncestors) {
            if (!origin.startsWith("https://") || !EdgeNames.NAME.matcher(origin.substring("https://".length())).matches()) {
                throw new IllegalArgumentException("frame ancestor '" + origin + "' must be https://<lower-case host name>");
            }
        }
    }
}
