package dev.openhands.platform.modules.edge;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of the host names the edge constructs put on certificates, distributions and DNS records. */
final class EdgeNames {

    /** A lower-case fully qualified name, optionally a wildcard ({@code *.} in front). */
    static final Pattern NAME = Pattern.compile("^(\\*\\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    private EdgeNames() {
    }

    /** An immutable copy of {@code names}, refused if empty, malformed or repeated. */
    static List<String> check(String what, List<String> names) {
        List<String> copy = List.copyOf(names);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(what + ": at least one name is needed");
        }
        for (String name : copy) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + ": '" + name + "' is not a lower-case fully qualified name (or *.name)");
            }
        }
        if (new LinkedHashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(what + ": names repeat: " + copy);
        }
        return copy;
    }

    /** A construct id part for a name: {@code *.sbx.example.com} becomes {@code wildcard-sbx-example-com}. */
    static String idOf(String name) {
        return name.replace("*", "wildcard").replace('.', '-');
    }
}
