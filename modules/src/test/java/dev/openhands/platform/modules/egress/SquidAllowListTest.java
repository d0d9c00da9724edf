package dev.openhands.platform.modules.egress;

import dev.openhands.platform.modules.ExternalTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration in a real squid (Debian's package), on loopback. Squid runs {@link EgressProxyPolicy#squidConf()}
 * unchanged, followed by harness lines that only say where squid keeps its files and where its traffic goes:
 * <ul>
 *   <li>{@code hosts_file} maps test names to addresses (a documentation address for the allowed names, forbidden
 *       addresses for names that must be refused after resolution), and {@code dns_nameservers} points at
 *       {@link LoopbackDnsServer}, which records every question squid asks;</li>
 *   <li>{@code cache_peer ... parent} plus {@code never_direct allow all}: squid hands every request it admits to
 *       {@link LoopbackUpstream} instead of connecting out. The admission decision (every {@code http_access} line,
 *       the {@code dst} check on the resolved addresses) is squid's own, made before forwarding; only the last hop is
 *       replaced, so the test never sends a packet off this machine. Loopback itself is a forbidden destination,
 *       which is why the allowed path cannot simply point an allowed name at a loopback listener.</li>
 * </ul>
 */
@Tag("real-squid")
class SquidAllowListTest {

    static final List<String> ALLOWED = List.of(".allowed.test", "only.exact.test");
    /** An allowed name's address in the hosts file: TEST-NET-3, never contacted (the upstream stands in for it). */
    static final String ALLOWED_ADDRESS = "203.0.113.10";

    private static Path dir;
    private static Process squid;
    private static LoopbackDnsServer dns;
    private static LoopbackUpstream upstream;
    private static int port;

    @BeforeAll
    static void startSquid() throws Exception {
        String binary = squidBinary();
        dir = Files.createTempDirectory("squid-allowlist-");
        // Started as root, squid drops to its own user (proxy): it must be able to write its files here.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        dns = LoopbackDnsServer.start();
        upstream = new LoopbackUpstream();
        port = freeLoopbackPort();
        Files.writeString(dir.resolve("hosts"), String.join("\n",
            ALLOWED_ADDRESS + " allowed.test www.allowed.test only.exact.test sub.only.exact.test denied.test",
            "169.254.169.254 metadata.allowed.test",
            "169.254.170.2 credentials.allowed.test",
            "127.0.0.1 loopback.allowed.test",
            "10.0.0.5 private.allowed.test",
            "198.51.100.7 extra.allowed.test",
            "0.0.0.0 zero.allowed.test",
            "::1 loopback6.allowed.test",
            "fd00:ec2::254 metadata6.allowed.test",
            "") + "\n");
        EgressProxyPolicy policy = EgressProxyPolicy.builder()
            .allowedHosts(ALLOWED)
            .listen("127.0.0.1", port)
            .clientSources(List.of("127.0.0.1/32"))
            // One block outside the built-in list (a documentation range), one inside it (squid would warn about that).
            .extraDeniedDestinations(List.of("198.51.100.0/24", "10.70.0.0/16"))
            .accessLog(dir.resolve("access.log").toString())
            .build();
        String conf = policy.squidConf() + String.join("\n",
            "# test harness: where squid keeps its files, how it resolves, where admitted requests go",
            "pid_filename " + dir.resolve("squid.pid"),
            "cache_log " + dir.resolve("cache.log"),
            "coredump_dir " + dir,
            "hosts_file " + dir.resolve("hosts"),
            "dns_nameservers " + dns.address(),
            "cache_peer 127.0.0.1 parent " + upstream.port() + " 0 no-query no-digest default",
            "never_direct allow all",
            "shutdown_lifetime 0 seconds",
            "");
        Path confFile = dir.resolve("squid.conf");
        Files.writeString(confFile, conf);

        ExternalTool.Result parse = ExternalTool.run(List.of(binary, "-k", "parse", "-f", confFile.toString()), dir);
        assertThat(parse.exitCode()).as("squid -k parse\n" + parse.output()).isZero();
        assertThat(parse.output()).as("squid parses the generated configuration without complaint")
            .doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");

        squid = new ProcessBuilder(binary, "-N", "-f", confFile.toString()).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(dir.resolve("squid.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException notYet) {
                if (!squid.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("squid did not start listening on 127.0.0.1:" + port + "\n" + logs());
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopSquid() throws Exception {
        if (squid != null) {
            squid.destroy();
            if (!squid.waitFor(10, TimeUnit.SECONDS)) {
                squid.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (upstream != null) {
            upstream.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void anAllowedNameGetsThroughAsATunnelTo443AndAsPlainHttpTo80() throws Exception {
        try (Socket client = connect("127.0.0.1")) {
            String status = requestStatus(client, "CONNECT www.allowed.test:443 HTTP/1.1\r\nHost: www.allowed.test:443\r\n\r\n");
            assertThat(status).startsWith("HTTP/1.1 200");
            byte[] ping = "bytes through the tunnel\n".getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(ping);
            client.getOutputStream().flush();
            assertThat(client.getInputStream().readNBytes(ping.length)).isEqualTo(ping);
        }
        assertThat(upstream.requestHeads()).anySatisfy(head -> assertThat(head).startsWith("CONNECT www.allowed.test:443 "));

        try (Socket client = connect("127.0.0.1")) {
            String response = response(client, "GET http://only.exact.test/simple/ HTTP/1.1\r\nHost: only.exact.test\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200");
            // X-Forwarded-For is kept (IMDSv2 refuses token requests carrying it), and squid's version is not advertised.
            assertThat(response).contains("GET http://only.exact.test/simple/ HTTP/1.1").contains("X-Forwarded-For: 127.0.0.1")
                .doesNotContainPattern("squid/[0-9]");
        }
    }

    @Test
    void everyRequestOutsideTheAllowListIsRefusedWith403AndNeverForwarded() throws Exception {
        List<String> refused = List.of(
            "CONNECT denied.test:443",                      // a name not on the list (the hosts file even knows it)
            "CONNECT sub.only.exact.test:443",              // an exact entry does not admit subdomains
            "CONNECT notallowed.test:443",                  // a suffix is not a subdomain
            "CONNECT 203.0.113.10:443",                     // an IP literal, even of an allowed name's address
            "CONNECT 169.254.169.254:443",                  // instance metadata
            "CONNECT 2130706433:443",                       // 127.0.0.1 written as a number
            "CONNECT 0x7f.0.0.1:443",                       // ... in hexadecimal
            "CONNECT 0177.0.0.1:443",                       // ... in octal
            "CONNECT [fd00:ec2::254]:443",                  // IPv6 instance metadata
            "CONNECT [::1]:443",                            // IPv6 loopback
            "CONNECT www.allowed.test:22",                  // a tunnel to a port other than 443
            "CONNECT www.allowed.test:80",
            "GET http://denied.test/",                      // plain HTTP to a host not on the list
            "GET http://169.254.169.254/latest/meta-data/", // metadata over plain HTTP
            "PUT http://169.254.169.254/latest/api/token",  // an IMDSv2 token request
            "GET http://www.allowed.test:8080/",            // plain HTTP to a port other than 80
            "GET https://www.allowed.test/",                // TLS originated by the proxy: only CONNECT tunnels
            "GET ftp://www.allowed.test/");                 // other schemes
        int forwardedBefore = upstream.requestHeads().size();
        List<String> answers = new ArrayList<>();
        for (String request : refused) {
            try (Socket client = connect("127.0.0.1")) {
                String host = request.split(" ")[1].replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
                answers.add(request + " -> " + requestStatus(client, request + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n"));
            }
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer).contains("-> HTTP/1.1 403"));
        assertThat(upstream.requestHeads()).hasSize(forwardedBefore);
    }

    @Test
    void anAllowedNameThatResolvesToAForbiddenAddressIsRefused() throws Exception {
        List<String> answers = new ArrayList<>();
        for (String name : List.of("metadata.allowed.test", "credentials.allowed.test", "loopback.allowed.test",
            "private.allowed.test", "extra.allowed.test", "zero.allowed.test", "loopback6.allowed.test", "metadata6.allowed.test",
            "resolved-by-dns.allowed.test")) {
            try (Socket client = connect("127.0.0.1")) {
                answers.add(name + " -> " + requestStatus(client, "CONNECT " + name + ":443 HTTP/1.1\r\nHost: " + name + ":443\r\n\r\n"));
            }
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer).contains("-> HTTP/1.1 403"));
        // The last one is in no hosts file: squid asked the DNS server, which answered a private address.
        assertThat(dns.names()).contains("resolved-by-dns.allowed.test");
    }

    @Test
    void noNameIsLookedUpForARefusedRequest() throws Exception {
        List<String> refusedNames = List.of("never-resolve-denied.test", "never-resolve.only.exact.test", "never-resolve.example.org");
        for (String name : refusedNames) {
            for (String request : List.of("CONNECT " + name + ":443", "GET http://" + name + "/", "CONNECT " + name + ":8443")) {
                try (Socket client = connect("127.0.0.1")) {
                    assertThat(requestStatus(client, request + " HTTP/1.1\r\nHost: " + name + "\r\n\r\n")).startsWith("HTTP/1.1 403");
                }
            }
        }
        // IP literals are not looked up in reverse either (dstdomain without -n would ask for their PTR records).
        for (String literal : List.of("198.51.100.99", "[2001:db8::99]")) {
            try (Socket client = connect("127.0.0.1")) {
                assertThat(requestStatus(client, "CONNECT " + literal + ":443 HTTP/1.1\r\nHost: " + literal + ":443\r\n\r\n"))
                    .startsWith("HTTP/1.1 403");
            }
        }
        // An allowed name that is in no hosts file does reach the DNS server: the observation works.
        try (Socket client = connect("127.0.0.1")) {
            requestStatus(client, "CONNECT control.allowed.test:443 HTTP/1.1\r\nHost: control.allowed.test:443\r\n\r\n");
        }
        assertThat(dns.names()).contains("control.allowed.test").doesNotContainAnyElementsOf(refusedNames);
        // Reverse lookups: only of the clients' own addresses (squid resolves each client address once, whatever the
        // configuration says), never of a destination, literal or resolved.
        assertThat(dns.names()).filteredOn(name -> name.endsWith(".arpa"))
            .allSatisfy(name -> assertThat(name).isIn("1.0.0.127.in-addr.arpa", "2.0.0.127.in-addr.arpa"));
    }

    @Test
    void onlyTheClientBlocksMayUseTheProxy() throws Exception {
        try (Socket stranger = connect("127.0.0.2")) {
            assertThat(requestStatus(stranger, "CONNECT www.allowed.test:443 HTTP/1.1\r\nHost: www.allowed.test:443\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void theAccessLogRecordsEveryDecision() throws Exception {
        try (Socket client = connect("127.0.0.1")) {
            requestStatus(client, "CONNECT logged-denied.test:443 HTTP/1.1\r\nHost: logged-denied.test:443\r\n\r\n");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String log = "";
        while (System.nanoTime() < deadline && !log.contains("logged-denied.test")) {
            Thread.sleep(100);
            log = Files.exists(dir.resolve("access.log")) ? Files.readString(dir.resolve("access.log")) : "";
        }
        assertThat(log).containsPattern("127\\.0\\.0\\.1 TCP_DENIED/403 CONNECT logged-denied\\.test:443 ");
    }

    private static Socket connect(String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends a request head and returns the status line of the answer. */
    private static String requestStatus(Socket client, String head) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String answer = LoopbackUpstream.readHead(client.getInputStream());
        return answer == null ? "(connection closed)" : answer.lines().findFirst().orElse("");
    }

    /** Sends a request and returns the whole answer, up to the end of its body. */
    private static String response(Socket client, String head) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = client.getInputStream();
        String responseHead = LoopbackUpstream.readHead(in);
        int length = Integer.parseInt(responseHead.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        return responseHead + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String squidBinary() {
        Path sbin = Path.of("/usr/sbin/squid");
        if (Files.isExecutable(sbin)) {
            return sbin.toString();
        }
        return ExternalTool.require("squid", "apt-get install -y squid");
    }

    private static String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("squid.out", "cache.log")) {
            try {
                out.append("--- ").append(name).append('\n').append(Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                out.append("--- ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }
}
