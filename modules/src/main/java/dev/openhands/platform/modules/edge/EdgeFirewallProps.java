package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformProvider;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                 the web ACL's name and the prefix of its metric names
 * @param rateLimitPer5Minutes requests one client IP may send in any 5 minutes (100 to 2,000,000,000)
 * @param allowCidrs           when not empty, the only client networks let in (IPv4 blocks)
 * @param anonymousIpList      block VPNs, Tor exit nodes and hosting providers
 * @param provider             the {@code us-east-1} provider: a CLOUDFRONT-scope web ACL exists only there
 * @param tags                 resource tags
 */
public record EdgeFirewallProps(String name, long rateLimitPer5Minutes, List<String> allowCidrs, boolean anonymousIpList,
                                TerraformProvider provider, Map<String, String> tags) {

    public EdgeFirewallProps {
        if (name == null || !name.matches("^[A-Za-z0-9-]{1,100}$")) {
            throw new IllegalArgumentException("web ACL name '" + name + "' must be 1-100 letters, digits and hyphens");
        }
        if (rateLimitPer5Minutes < 100 || rateLimitPer5Minutes > 2_000_000_000L) {
            throw new IllegalArgumentException("rate limit " + rateLimitPer5Minutes + " per 5 minutes is outside WAF's 100..2000000000");
        }
        allowCidrs = List.copyOf(allowCidrs);
        for (String cidr : allowCidrs) {
            if (!cidr.matches("^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$")) {
                throw new IllegalArgumentException("allow-list entry '" + cidr + "' is not an IPv4 block such as 203.0.113.0/24");
            }
        }
        Objects.requireNonNull(provider, "provider");
        tags = Map.copyOf(tags);
    }
}
