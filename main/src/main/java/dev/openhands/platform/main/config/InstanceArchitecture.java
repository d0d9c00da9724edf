package dev.openhands.platform.main.config;

import dev.openhands.platform.main.config.EnvironmentConfig.Architecture;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU architecture of an EC2 instance type, read from its family name: Graviton families carry a {@code g}
 * after the generation digit ({@code t4g}, {@code m7gd}, {@code c7gn}, {@code im4gn}), and {@code a1} is the first
 * Graviton. GPU families such as {@code g4dn} start with {@code g} and are x86.
 */
public final class InstanceArchitecture {

    private static final Pattern FAMILY = Pattern.compile("^([a-z]+)([0-9]+)([a-z-]*)\\.[a-z0-9]+$");

    private InstanceArchitecture() {
    }

    public static Optional<Architecture> of(String instanceType) {
        Matcher m = FAMILY.matcher(instanceType);
        if (!m.matches() || m.group(1).equals("mac")) {
            return Optional.empty();
        }
        if (m.group(1).equals("a") && m.group(2).equals("1")) {
            return Optional.of(Architecture.ARM64);
        }
        return Optional.of(m.group(3).contains("g") ? Architecture.ARM64 : Architecture.X86_64);
    }
}
