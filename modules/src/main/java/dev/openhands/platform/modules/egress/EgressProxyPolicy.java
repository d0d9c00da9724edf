package dev.openhands.platform.modules.egress;

import dev.openhands.platform.modules.network.Ipv4Cidr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an allow-list forward proxy lets through, and the squid configuration that enforces it. The one description
 * of sandbox egress: the pilot host's squid and the Fargate egress proxy both run {@link #squidConf()}.
 *
 * <p>Semantics: HTTPS only as {@code CONNECT name:443}, plain HTTP only as {@code GET http://name/} on port 80; the
 * destination must be one of {@link #allowedHosts()} by name (a leading {@code .} admits the name and its
 * subdomains). IP literals are refused in every form squid would accept as an address, and no name or address is
 * ever looked up in reverse. Only once a name is allowed does squid resolve it, and then refuses it if any of its
 * addresses is loopback, link-local (instance metadata, the ECS credentials endpoint), private, or one of
 * {@link #extraDeniedDestinations()}: nothing is looked up for a refused request.
 *
 * <p>Build it with {@link #builder()}.
 *
 * @param allowedHosts            lower-case host names; a leading {@code .} admits subdomains
 * @param listenAddress           IPv4 address squid listens on ({@code 0.0.0.0} for every interface)
 * @param port                    squid's port
 * @param clientSources           IPv4 blocks that may use the proxy
 * @param extraDeniedDestinations IPv4 blocks refused as destinations besides {@link #FORBIDDEN_DESTINATIONS} (the VPC's
 *                                block when it is not private address space)
 * @param accessLog               file squid writes its access log to
 */
public record EgressProxyPolicy(List<String> allowedHosts, String listenAddress, int port, List<String> clientSources,
                                List<String> extraDeniedDestinations, String accessLog) {

    /** A bare lower-case host name; a leading dot admits its subdomains (squid's dstdomain form). */
    public static final String ALLOWED_HOST_PATTERN = "^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";
    private static final Pattern ALLOWED_HOST = Pattern.compile(ALLOWED_HOST_PATTERN);
    private static final Pattern IP_LITERAL = Pattern.compile("^\\.?[0-9.]+$|^\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?$");
    private static final Pattern IPV4_ADDRESS = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern LOG_PATH = Pattern.compile("^/[A-Za-z0-9._/-]+$");

    public static final int DEFAULT_PORT = 3128;

    /**
     * Never a destination, whatever resolves to it. IPv4: this network (0.0.0.0 reaches the proxy's own host), the
     * private ranges (the VPC, its resolver, its endpoints, peers), shared address space, loopback, link-local
     * (169.254.169.254 instance metadata, 169.254.170.2 ECS task credentials, 169.254.169.253 the DNS resolver), IETF
     * protocol assignments, benchmarking, multicast and reserved. IPv6: unspecified, loopback, unique-local
     * (fd00:ec2::254 is the IPv6 instance metadata), link-local and multicast. IPv4-mapped IPv6 addresses are not
     * listed: squid holds every IPv4 address in that form, so {@code ::ffff:0:0/96} would refuse all of IPv4; the
     * IPv4 blocks above cover their mapped forms.
     */
    public static final List<String> FORBIDDEN_DESTINATIONS = List.of(
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8");

    /**
     * Host parts squid would take as an address rather than a name: dotted, decimal, octal and hexadecimal IPv4 forms
     * ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}) as the C library parses them, and anything with a colon
     * or a bracket (IPv6). Matched as text ({@code -n}): never resolved.
     */
    static final List<String> IP_LITERAL_PATTERNS = List.of(
        "^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?$", ":", "^\\[");

    public EgressProxyPolicy {
        allowedHosts = List.copyOf(allowedHosts);
        checkHosts(allowedHosts);
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (!isIpv4Address(listenAddress)) {
            throw new IllegalArgumentException("listen address '" + listenAddress + "' is not an IPv4 address (0.0.0.0 for every interface)");
        }
        if (port < 1024 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1024-65535");
        }
        clientSources = List.copyOf(clientSources);
        if (clientSources.isEmpty()) {
            throw new IllegalArgumentException("name at least one client source block: the proxy serves nobody otherwise");
        }
        clientSources.forEach(Ipv4Cidr::parse);
        extraDeniedDestinations = List.copyOf(extraDeniedDestinations);
        extraDeniedDestinations.forEach(Ipv4Cidr::parse);
        Objects.requireNonNull(accessLog, "accessLog");
        if (!LOG_PATH.matcher(accessLog).matches()) {
            throw new IllegalArgumentException("access log '" + accessLog + "' is not an absolute path of letters, digits and ._/-");
        }
    }

    /**
     * Checks an allow-list: at least one entry, each a host name (no scheme, port, path, wildcard or IP address), none
     * repeated or already admitted by a leading-dot entry (squid warns about, or refuses, such lists).
     *
     * @throws IllegalArgumentException naming the first bad entry and what to write instead
     */
    public static void checkHosts(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("an allow-list needs at least one host (with none, run no proxy at all)");
        }
        for (String host : hosts) {
            Objects.requireNonNull(host, "allowed host");
            if (host.contains("*")) {
                throw new IllegalArgumentException("allowed host '" + host + "' has a wildcard: write '." + host.replaceFirst("^[*.]+", "")
                    + "' to admit a domain and its subdomains");
            }
            if (IP_LITERAL.matcher(host).matches()) {
                throw new IllegalArgumentException("allowed host '" + host + "' is an IP address: the proxy admits host names only");
            }
            if (!ALLOWED_HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("allowed host '" + host + "' is not a lower-case host name such as pypi.org"
                    + " (no scheme, port or path)");
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String host : hosts) {
            if (!seen.add(host)) {
                throw new IllegalArgumentException("allowed host '" + host + "' is listed twice");
            }
        }
        for (String host : hosts) {
            for (String other : hosts) {
                if (!other.equals(host) && other.startsWith(".") && (host.endsWith(other) || host.equals(other.substring(1)))) {
                    throw new IllegalArgumentException("allowed host '" + host + "' is already admitted by '" + other + "': remove it");
                }
            }
        }
    }

    /** The squid configuration, the same bytes for the same policy. */
    public String squidConf() {
        List<String> lines = new ArrayList<>();
        lines.add("# Sandbox egress allow-list proxy (generated by EgressProxyPolicy; edit the allow-list, not this file).");
        lines.add("http_port " + listenAddress + ":" + port);
        lines.add("visible_hostname egress-proxy");
        lines.add("httpd_suppress_version_string on");
        lines.add("pinger_enable off");
        lines.add("cache deny all");
        lines.add("# X-Forwarded-For stays on: IMDSv2 refuses token requests that carry it.");
        lines.add("forwarded_for on");
        lines.add("acl proxy_clients src " + String.join(" ", clientSources));
        lines.add("acl tunnel method CONNECT");
        lines.add("acl tls_port port 443");
        lines.add("acl plain_http_port port 80");
        lines.add("acl plain_http proto HTTP");
        lines.add("acl ip_literal dstdom_regex -n -i " + String.join(" ", IP_LITERAL_PATTERNS));
        lines.add("acl allowed_hosts dstdomain -n " + String.join(" ", allowedHosts));
        lines.add("acl forbidden_destinations dst " + String.join(" ", deniedDestinations()));
        lines.add("# Refusals by name first, in this order; none of them needs DNS.");
        lines.add("http_access deny manager");
        lines.add("http_access deny !proxy_clients");
        lines.add("http_access deny tunnel !tls_port");
        lines.add("http_access deny !tunnel !plain_http_port");
        lines.add("http_access deny !tunnel !plain_http");
        lines.add("http_access deny ip_literal");
        lines.add("http_access deny !allowed_hosts");
        lines.add("# Only an allowed name is resolved; any address of it in a forbidden block refuses it.");
        lines.add("http_access deny forbidden_destinations");
        lines.add("http_access allow proxy_clients");
        lines.add("http_access deny all");
        lines.add("logformat egress %ts.%03tu %>a %Ss/%03>Hs %rm %ru %<a %>st %<st");
        lines.add("access_log stdio:" + accessLog + " egress");
        return String.join("\n", lines) + "\n";
    }

    /**
     * {@link #FORBIDDEN_DESTINATIONS} and the extra blocks, less every IPv4 block inside another one: squid keeps only
     * the smaller of two nested blocks (and warns), which would let the rest of the larger one through.
     */
    List<String> deniedDestinations() {
        List<String> all = new ArrayList<>(FORBIDDEN_DESTINATIONS);
        all.addAll(extraDeniedDestinations);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String block = all.get(i);
            boolean redundant = false;
            if (!block.contains(":")) {
                Ipv4Cidr cidr = Ipv4Cidr.parse(block);
                for (int j = 0; j < all.size() && !redundant; j++) {
                    if (j != i && !all.get(j).contains(":")) {
                        Ipv4Cidr other = Ipv4Cidr.parse(all.get(j));
                        redundant = other.contains(cidr) && (!other.equals(cidr) || j < i);
                    }
                }
            }
            if (!redundant) {
                kept.add(block);
            }
        }
        return kept;
    }

    /** The URL clients put in HTTP_PROXY and HTTPS_PROXY to reach this proxy at {@code host}. */
    public String proxyUrl(String host) {
        return "http://" + host + ":" + port;
    }

    private static boolean isIpv4Address(String text) {
        var m = IPV4_ADDRESS.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named settings; {@link #build()} checks them all. Defaults: port 3128, no extra denied blocks. */
    public static final class Builder {
        private List<String> allowedHosts = List.of();
        private String listenAddress;
        private int port = DEFAULT_PORT;
        private List<String> clientSources = List.of();
        private List<String> extraDeniedDestinations = List.of();
        private String accessLog;

        private Builder() {
        }

        /** @param allowedHosts lower-case host names; a leading {@code .} admits subdomains */
        public Builder allowedHosts(List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
            return this;
        }

        /** @param address IPv4 address to listen on; @param port the port */
        public Builder listen(String address, int port) {
            this.listenAddress = address;
            this.port = port;
            return this;
        }

        /** @param clientSources IPv4 blocks that may use the proxy */
        public Builder clientSources(List<String> clientSources) {
            this.clientSources = clientSources;
            return this;
        }

        /** @param blocks IPv4 blocks refused as destinations besides {@link #FORBIDDEN_DESTINATIONS} */
        public Builder extraDeniedDestinations(List<String> blocks) {
            this.extraDeniedDestinations = blocks;
            return this;
        }

        /** @param accessLog absolute path of the access log file */
        public Builder accessLog(String accessLog) {
            this.accessLog = accessLog;
            return this;
        }

        public EgressProxyPolicy build() {
            return new EgressProxyPolicy(allowedHosts, listenAddress, port, clientSources, extraDeniedDestinations, accessLog);
        }
    }
}
