package dev.openhands.platform.modules.egress;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EgressProxyPolicyTest {

    static EgressProxyPolicy.Builder valid() {
        return EgressProxyPolicy.builder()
            .allowedHosts(List.of("pypi.org", ".github.com"))
            .listen("0.0.0.0", 3128)
            .clientSources(List.of("10.70.0.0/16"))
            .accessLog("/var/log/squid/access.log");
    }

    static List<String> lines(String conf) {
        return conf.lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void theSameSettingsGiveTheSameBytes() {
        assertThat(valid().build().squidConf()).isEqualTo(valid().build().squidConf());
        assertThat(valid().build().squidConf()).isNotEqualTo(valid().allowedHosts(List.of(".github.com", "pypi.org")).build().squidConf());
    }

    @Test
    void namesAreCheckedBeforeAnythingIsResolvedAndNothingIsResolvedInReverse() {
        List<String> conf = lines(valid().build().squidConf());
        List<String> access = conf.stream().filter(l -> l.startsWith("http_access ")).toList();
        assertThat(access).containsExactly(
            "http_access deny manager",
            "http_access deny !proxy_clients",
            "http_access deny tunnel !tls_port",
            "http_access deny !tunnel !plain_http_port",
            "http_access deny !tunnel !plain_http",
            "http_access deny ip_literal",
            "http_access deny !allowed_hosts",
            "http_access deny forbidden_destinations",
            "http_access allow proxy_clients",
            "http_access deny all");
        assertThat(conf).contains("acl allowed_hosts dstdomain -n pypi.org .github.com", "acl tls_port port 443",
            "acl plain_http_port port 80", "acl tunnel method CONNECT", "acl proxy_clients src 10.70.0.0/16");
        assertThat(conf).filteredOn(l -> l.startsWith("acl ip_literal ")).singleElement().asString().startsWith("acl ip_literal dstdom_regex -n -i ");
        // dst is the only ACL that resolves; srcdomain and dstdomain without -n would look names up in reverse.
        assertThat(conf).filteredOn(l -> l.matches("acl \\S+ dst .*")).singleElement().asString().startsWith("acl forbidden_destinations dst ");
        assertThat(conf).noneMatch(l -> l.contains(" srcdomain ") || l.contains(" dstdomain ") && !l.contains(" dstdomain -n "));
        assertThat(conf).contains("forwarded_for on", "httpd_suppress_version_string on", "cache deny all", "http_port 0.0.0.0:3128")
            .doesNotContain("forwarded_for delete", "forwarded_for off");
        assertThat(conf).contains("access_log stdio:/var/log/squid/access.log egress");
    }

    @Test
    void everyIpLiteralFormMatchesTheLiteralPatternAndNoAllowedNameDoes() {
        List<Pattern> literal = EgressProxyPolicy.IP_LITERAL_PATTERNS.stream()
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
        for (String address : List.of("169.254.169.254", "127.1", "2130706433", "0x7f000001", "0x7F.0.0.1", "0177.0.0.1",
            "10.0.0.1.", "fd00:ec2::254", "[::1]", "::ffff:127.0.0.1")) {
            assertThat(literal).as(address).anyMatch(p -> p.matcher(address).find());
        }
        for (String name : List.of("pypi.org", "files.pythonhosted.org", "0x.example.com", "123.example.com", "1e100.net")) {
            assertThat(literal).as(name).noneMatch(p -> p.matcher(name).find());
        }
    }

    @Test
    void forbiddenDestinationsCoverMetadataLoopbackAndPrivateRangesAndStayUnnested() {
        List<String> denied = valid().build().deniedDestinations();
        assertThat(denied).contains("169.254.0.0/16", "127.0.0.0/8", "0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "::1/128", "fc00::/7", "fe80::/10").doesNotContain("::ffff:0:0/96");
        // A block inside a built-in one is left out; one around a built-in one replaces it (squid would keep the smaller).
        assertThat(valid().extraDeniedDestinations(List.of("10.70.0.0/16")).build().deniedDestinations())
            .isEqualTo(EgressProxyPolicy.FORBIDDEN_DESTINATIONS);
        List<String> wider = valid().extraDeniedDestinations(List.of("100.0.0.0/8", "198.51.100.0/24")).build().deniedDestinations();
        assertThat(wider).contains("100.0.0.0/8", "198.51.100.0/24").doesNotContain("100.64.0.0/10");
        assertThat(valid().extraDeniedDestinations(List.of("198.51.100.0/24", "198.51.100.0/24")).build().deniedDestinations())
            .containsOnlyOnce("198.51.100.0/24");
    }

    @Test
    void hostsMustBeBareNamesListedOnce() {
        assertThatThrownBy(() -> valid().allowedHosts(List.of()).build()).hasMessageContaining("at least one host");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("169.254.169.254")).build()).hasMessageContaining("is an IP address");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("[fd00:ec2::254]")).build()).hasMessageContaining("is an IP address");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("*.github.com")).build())
            .hasMessageContaining("wildcard").hasMessageContaining("'.github.com'");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("https://pypi.org")).build()).hasMessageContaining("not a lower-case host name");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("pypi.org:443")).build()).hasMessageContaining("not a lower-case host name");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("PyPI.org")).build()).hasMessageContaining("not a lower-case host name");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("pypi.org", "pypi.org")).build()).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> valid().allowedHosts(List.of(".github.com", "api.github.com")).build())
            .hasMessageContaining("'api.github.com' is already admitted by '.github.com'");
        assertThatThrownBy(() -> valid().allowedHosts(List.of("github.com", ".github.com")).build())
            .hasMessageContaining("'github.com' is already admitted by '.github.com'");
    }

    @Test
    void listenClientsAndLogAreChecked() {
        assertThatThrownBy(() -> valid().listen("localhost", 3128).build()).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> valid().listen("0.0.0.0", 80).build()).hasMessageContaining("outside 1024-65535");
        assertThatThrownBy(() -> valid().clientSources(List.of()).build()).hasMessageContaining("client source");
        assertThatThrownBy(() -> valid().clientSources(List.of("10.70.0.1/16")).build()).hasMessageContaining("host bits");
        assertThatThrownBy(() -> valid().extraDeniedDestinations(List.of("vpc")).build()).hasMessageContaining("not an IPv4 CIDR");
        assertThatThrownBy(() -> valid().accessLog("access.log").build()).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> valid().accessLog("/var/log/squid/a log").build()).hasMessageContaining("absolute path");
    }

    @Test
    void theProxyUrlNamesTheHostAndPort() {
        assertThat(valid().build().proxyUrl("proxy.egress.openhands-prod.internal")).isEqualTo("http://proxy.egress.openhands-prod.internal:3128");
    }
}
