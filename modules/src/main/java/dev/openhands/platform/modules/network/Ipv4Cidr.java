package dev.openhands.platform.modules.network;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block in canonical form (no host bits set). Used by constructs and by config validation,
 * so that both agree on what "inside the VPC" and "overlapping" mean.
 */
public record Ipv4Cidr(long network, int prefixLength) {

    private static final Pattern SYNTAX = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");

    private static final Ipv4Cidr[] PRIVATE_RANGES = {
        new Ipv4Cidr(0x0A000000L, 8),   // 10.0.0.0/8
        new Ipv4Cidr(0xAC100000L, 12),  // 172.16.0.0/12
        new Ipv4Cidr(0xC0A80000L, 16),  // 192.168.0.0/16
    };

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + prefixLength);
        }
        if ((network & ~mask(prefixLength) & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("host bits are set in " + format(network) + "/" + prefixLength);
        }
    }

    /** Parses {@code a.b.c.d/n}; throws {@link IllegalArgumentException} with a readable reason. */
    public static Ipv4Cidr parse(String text) {
        Objects.requireNonNull(text, "cidr");
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR block of the form a.b.c.d/n");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "' has an octet above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length above 32");
        }
        if ((address & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; the block starts at "
                + format(address & mask(prefix)) + "/" + prefix);
        }
        return new Ipv4Cidr(address, prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0L : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String format(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public long lastAddress() {
        return network + size() - 1;
    }

    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && other.network >= network && other.lastAddress() <= lastAddress();
    }

    public boolean overlaps(Ipv4Cidr other) {
        return network <= other.lastAddress() && other.network <= lastAddress();
    }

    /** True when the block lies wholly inside 10/8, 172.16/12 or 192.168/16 (RFC 1918). */
    public boolean isRfc1918() {
        for (Ipv4Cidr range : PRIVATE_RANGES) {
            if (range.contains(this)) {
                return true;
            }
        }
        return false;
    }

    /** The Amazon-provided DNS resolver of a VPC with this primary block: its base address plus two. */
    public String vpcResolverAddress() {
        return format(network + 2);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
