package dev.openhands.platform.main.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.modules.sandbox.SandboxRouterConfig;
import dev.openhands.platform.sandbox.launch.SandboxNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox router's generated configuration in a real nginx (Debian's package) on loopback, resolving names through
 * a real dnsmasq that serves the sandboxes' zone with records written exactly as the orchestrator writes them
 * ({@link SandboxNames#label} of a workspace directory, TTL 10 s). Behind the names, stand-in sandboxes speak the
 * agent server's wire behaviour on all four ports: 401 for a missing or wrong {@code X-Session-API-Key} (or
 * {@code session_api_key} query parameter), 200 JSON naming the sandbox and port for the right one, 101 and an echo
 * for a WebSocket upgrade. dnsmasq logs every question, so "never proxied" also means "never looked up".
 *
 * <p>The only arrangement that is not production: the sandboxes' addresses are 127.0.0.x and their ports are free
 * loopback ports (the generator takes the ports; in AWS they are OpenHands' 60000, 60001, 12000 and 12001).
 */
@Tag("real-nginx")
class SandboxRouterNginxTest {

    static final String DOMAIN = "sbx.openhands.example.com";
    static final String ZONE = "sandboxes.openhands-test.internal";
    static final String ORIGIN_HEADER = "X-Origin-Verify";
    static final ObjectMapper JSON = new ObjectMapper();

    static final Sandbox A = new Sandbox("a", SandboxNames.label("conv.d/conv-a-abcdefghijkl"), "127.0.0.21", "key-of-a-0123456789");
    static final Sandbox B = new Sandbox("b", SandboxNames.label("conv.d/conv-b-mnopqrstuvwx"), "127.0.0.22", "key-of-b-0123456789");
    /** Started with the others, named only while the test runs: how fast a new record becomes routable. */
    static final Sandbox C = new Sandbox("c", SandboxNames.label("pool.d/pool-0f3c2a"), "127.0.0.23", "key-of-c-0123456789");

    private static Path dir;
    private static Path hostsDir;
    private static Process dnsmasq;
    private static Process nginx;
    private static int routerPort;
    private static int[] sandboxPorts;
    private static final List<StandIn> standIns = new ArrayList<>();

    record Sandbox(String name, String label, String ip, String key) {
        String host(String prefix) {
            return prefix + label + "." + DOMAIN;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        String nginxBinary = binary("nginx", "apt-get install nginx (scripts/setup.sh installs it): the sandbox router test runs the real proxy");
        String dnsmasqBinary = binary("dnsmasq", "apt-get install dnsmasq-base (scripts/setup.sh installs it): the sandbox router test serves the orchestrator's records with it");
        dir = Files.createTempDirectory("sandbox-router-");
        // nginx's workers run as nobody: they write their buffers here.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        hostsDir = Files.createDirectories(dir.resolve("zone"));

        sandboxPorts = new int[] {freePort(), freePort(), freePort(), freePort()};
        for (Sandbox sandbox : List.of(A, B, C)) {
            for (int port : sandboxPorts) {
                standIns.add(new StandIn(sandbox, port, port == sandboxPorts[0]));
            }
        }
        writeRecords(List.of(A, B));

        int dnsPort = freePort();
        dnsmasq = new ProcessBuilder(dnsmasqBinary, "--keep-in-foreground", "--no-resolv", "--no-hosts", "--no-poll",
            "--user=root", "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + dnsPort,
            // The zone is local: a name without a record is NXDOMAIN, never forwarded anywhere.
            "--local=/" + ZONE + "/", "--hostsdir=" + hostsDir,
            // Route 53's answers as the orchestrator writes them: TTL 10 s, and the zone's SOA minimum for missing names.
            "--local-ttl=" + SandboxNames.TTL_SECONDS, "--neg-ttl=" + SandboxNames.TTL_SECONDS,
            "--log-queries", "--log-facility=" + dir.resolve("dnsmasq.log"), "--pid-file=" + dir.resolve("dnsmasq.pid"))
            .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.out").toFile()).start();
        waitForDns();

        routerPort = freePort();
        SandboxRouterConfig config = new SandboxRouterConfig(DOMAIN, ZONE, "127.0.0.1:" + dnsPort, "127.0.0.1", routerPort,
            sandboxPorts[0], sandboxPorts[1], sandboxPorts[2], sandboxPorts[3], dir.toString(), List.of(ORIGIN_HEADER));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config.nginxConf());
        Process check = new ProcessBuilder(nginxBinary, "-e", "stderr", "-t", "-c", conf.toString()).redirectErrorStream(true).start();
        String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("nginx -t\n" + checkOutput).isZero();
        assertThat(checkOutput).as("nginx accepts the generated configuration without warnings").doesNotContain("[warn]").doesNotContain("[emerg]");

        nginx = new ProcessBuilder(nginxBinary, "-e", "stderr", "-c", conf.toString())
            .redirectOutput(dir.resolve("access.log").toFile()).redirectError(dir.resolve("nginx.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", routerPort), 500);
                break;
            } catch (IOException notYet) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx did not start on 127.0.0.1:" + routerPort + "\n" + read(dir.resolve("nginx.err")));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : new Process[] {nginx, dnsmasq}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        standIns.forEach(StandIn::close);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void theRightHostAndKeyReachThatSandboxesAgentServer() throws Exception {
        for (Sandbox sandbox : List.of(A, B)) {
            Response r = send(sandbox.host(""), "GET /api/conversations HTTP/1.1", Map.of("X-Session-API-Key", sandbox.key()));
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("sandbox").asText()).isEqualTo(sandbox.name());
            assertThat(body.get("port").asInt()).isEqualTo(sandboxPorts[0]);
            assertThat(body.get("path").asText()).isEqualTo("/api/conversations");
            // The public name reaches the sandbox as the Host (VS Code compares it with the Origin).
            assertThat(body.get("host").asText()).isEqualTo(sandbox.host(""));
        }
        // The key in the query string, as the browser's WebSocket sends it.
        Response query = send(A.host(""), "GET /sockets/events/x?session_api_key=" + A.key() + " HTTP/1.1", Map.of());
        assertThat(query.status()).isEqualTo(200);
        assertThat(JSON.readTree(query.body()).get("sandbox").asText()).isEqualTo("a");
    }

    @Test
    void anAgentRequestWithoutAnyKeyIsRefusedByTheRouterAndNeverReachesTheSandbox() throws Exception {
        int before = requestsSeen();
        for (String requestLine : List.of("GET /api/conversations HTTP/1.1", "POST /api/conversations HTTP/1.1",
            "GET /sockets/events/x?session_api_key= HTTP/1.1", "GET /alive HTTP/1.1")) {
            Response r = send(A.host(""), requestLine, Map.of());
            assertThat(r.status()).as(requestLine).isEqualTo(401);
            assertThat(r.body()).contains("X-Session-API-Key header or session_api_key parameter required");
        }
        Response emptyHeader = send(A.host(""), "GET / HTTP/1.1", Map.of("X-Session-API-Key", ""));
        assertThat(emptyHeader.status()).isEqualTo(401);
        assertThat(requestsSeen()).isEqualTo(before);
        // CORS preflights carry no custom header values by design: the agent server answers them.
        Response preflight = send(A.host(""), "OPTIONS /api/conversations HTTP/1.1", Map.of("Origin", "https://openhands.example.com",
            "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-session-api-key"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(requestsSeen()).isEqualTo(before + 1);
    }

    @Test
    void aWrongKeyIsRefusedByTheAgentServerItself() throws Exception {
        int before = requestsSeen();
        Response wrong = send(A.host(""), "GET /api/conversations HTTP/1.1", Map.of("X-Session-API-Key", "not-the-key"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("stand-in agent server");
        // Another sandbox's key is a wrong key too.
        Response other = send(A.host(""), "GET /sockets/events/x?session_api_key=" + B.key() + " HTTP/1.1", Map.of());
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.body()).contains("stand-in agent server");
        assertThat(requestsSeen()).isEqualTo(before + 2);
    }

    @Test
    void aWebSocketUpgradeWithTheKeyIsSwitchedAndCarriesBytesBothWays() throws Exception {
        try (Socket client = new Socket("127.0.0.1", routerPort)) {
            client.setSoTimeout(10_000);
            String head = "GET /sockets/events/conv?session_api_key=" + A.key() + " HTTP/1.1\r\nHost: " + A.host("") + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            client.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            String responseHead = readHead(client.getInputStream());
            assertThat(responseHead).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: websocket")
                .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            byte[] frame = "frames after the upgrade".getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(frame);
            client.getOutputStream().flush();
            assertThat(client.getInputStream().readNBytes(frame.length)).isEqualTo(frame);
        }
        // Without a key the upgrade is refused by the router.
        Response refused = send(A.host(""), "GET /sockets/events/conv HTTP/1.1", Map.of("Upgrade", "websocket", "Connection", "Upgrade",
            "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void vscodeAndWorkerHostsReachTheirPortsWithoutASessionKey() throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("vscode-", sandboxPorts[1]);
        expected.put("work-1-", sandboxPorts[2]);
        expected.put("work-2-", sandboxPorts[3]);
        for (Map.Entry<String, Integer> route : expected.entrySet()) {
            Response r = send(B.host(route.getKey()), "GET /?folder=/workspace HTTP/1.1", Map.of());
            assertThat(r.status()).as(route.getKey()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("sandbox").asText()).isEqualTo("b");
            assertThat(body.get("port").asInt()).isEqualTo(route.getValue());
        }
    }

    @Test
    void everyOtherHostIs404AndIsNeitherLookedUpNorProxied() throws Exception {
        int before = requestsSeen();
        String label = A.label();
        List<String> hosts = List.of(
            "openhands.example.com",                              // the app's own name
            label + ".sandboxes.openhands-test.internal",         // the private zone itself
            label + ".other.example.com",                         // another domain
            label + "." + DOMAIN + ".evil.example",               // the domain as a prefix
            "x" + label + "." + DOMAIN,                           // one character too many
            label.substring(1) + "." + DOMAIN,                    // one too few
            "a" + label.substring(1) + "." + DOMAIN,              // not the orchestrator's 'b'
            label.substring(0, 25) + "1." + DOMAIN,               // a character outside base32
            "work-3-" + label + "." + DOMAIN,                     // no such worker
            "vscode-work-1-" + label + "." + DOMAIN,
            "sub." + label + "." + DOMAIN,                        // a subdomain of a sandbox name
            "127.0.0.21",                                         // an address
            "127.0.0.21:" + sandboxPorts[0],
            DOMAIN);
        List<String> answers = new ArrayList<>();
        for (String host : hosts) {
            answers.add(host + " -> " + send(host, "GET / HTTP/1.1", Map.of("X-Session-API-Key", A.key())).status());
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer).endsWith("-> 404"));
        // An absolute request target names the host nginx uses, whatever the Host header says.
        Response absolute = send(A.host(""), "GET http://127.0.0.21:" + sandboxPorts[0] + "/ HTTP/1.1", Map.of("X-Session-API-Key", A.key()));
        assertThat(absolute.status()).isEqualTo(404);
        // Hosts that are not names at all are refused by nginx before any server is chosen.
        for (String malformed : List.of(label + ".." + DOMAIN, label + "." + DOMAIN + "/x", "[::1]x")) {
            assertThat(send(malformed, "GET / HTTP/1.1", Map.of("X-Session-API-Key", A.key())).status()).as(malformed).isIn(400, 404);
        }
        assertThat(requestsSeen()).isEqualTo(before);
        assertThat(lookups()).noneMatch(name -> !name.endsWith("." + ZONE));
    }

    @Test
    void aWellFormedLabelWithoutARecordIs404AfterOneLookupInTheZoneOnly() throws Exception {
        String unknown = SandboxNames.label("conv.d/never-started-000000000000");
        Response r = send(unknown + "." + DOMAIN, "GET / HTTP/1.1", Map.of("X-Session-API-Key", "whatever"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(lookups()).contains(unknown + "." + ZONE);
    }

    @Test
    void theSandboxNeverSeesTheOriginSecretOrTheUsersCognitoSession() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ORIGIN_HEADER, "the-cloudfront-origin-secret");
        headers.put("X-Amzn-Oidc-Accesstoken", "eyJ-access-token");
        headers.put("X-Amzn-Oidc-Data", "eyJ-claims");
        headers.put("X-Amzn-Oidc-Identity", "user-sub");
        headers.put("Cookie", "AWSELBAuthSessionCookie-0=part0; app=kept; AWSELBAuthSessionCookie-1=part1; vscode-tkn=kept-too");
        Response r = send(A.host("work-1-"), "GET / HTTP/1.1", headers);
        assertThat(r.status()).isEqualTo(200);
        JsonNode seen = JSON.readTree(r.body()).get("headers");
        assertThat(seen.toString()).doesNotContain("the-cloudfront-origin-secret").doesNotContain("eyJ").doesNotContain("user-sub")
            .doesNotContain("AWSELBAuthSessionCookie").doesNotContain("part0").doesNotContain("part1");
        assertThat(seen.get("cookie").asText()).contains("app=kept").contains("vscode-tkn=kept-too");
        assertThat(seen.get("x-forwarded-proto").asText()).isEqualTo("https");
    }

    @Test
    void healthzAnswersTheLoadBalancerAndNothingAdvertisesTheVersion() throws Exception {
        Response health = send("10.0.1.5", "GET /healthz HTTP/1.1", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        Response other = send("10.0.1.5", "GET / HTTP/1.1", Map.of());
        assertThat(other.status()).isEqualTo(404);
        assertThat(health.head() + other.head()).doesNotContainPattern("nginx/[0-9]");
    }

    @Test
    void theAccessLogIsJsonAndNeverHoldsAKey() throws Exception {
        send(A.host(""), "GET /sockets/events/logged?session_api_key=" + A.key() + " HTTP/1.1", Map.of());
        send(A.host(""), "GET /api/logged HTTP/1.1", Map.of("X-Session-API-Key", A.key()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.readAllLines(dir.resolve("access.log"));
            if (lines.stream().filter(l -> l.contains("logged")).count() >= 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(lines).filteredOn(l -> l.contains("logged")).hasSize(2);
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("host") && entry.has("status") && entry.has("path")).as(line).isTrue();
        }
        assertThat(String.join("\n", lines)).doesNotContain(A.key()).doesNotContain(B.key());
        assertThat(read(dir.resolve("nginx.err"))).doesNotContain(A.key());
    }

    @Test
    void aRecordAddedWhileTheRouterRunsBecomesRoutableWithinTheTtl() throws Exception {
        Map<String, String> key = Map.of("X-Session-API-Key", C.key());
        // Asked before its record exists: the router (and the resolver) now remember that the name is missing.
        assertThat(send(C.host(""), "GET / HTTP/1.1", key).status()).isEqualTo(404);
        long written = System.nanoTime();
        writeRecords(List.of(A, B, C));
        int status;
        do {
            Thread.sleep(100);
            status = send(C.host(""), "GET / HTTP/1.1", key).status();
        } while (status != 200 && System.nanoTime() - written < TimeUnit.SECONDS.toNanos(30));
        double seconds = (System.nanoTime() - written) / 1e9;
        System.out.printf(Locale.ROOT, "sandbox router: a new record became routable after %.1f s%n", seconds);
        assertThat(status).as("routable after %.1f s", seconds).isEqualTo(200);
        // nginx keeps an answer, a missing name included, for valid=10s; dnsmasq's negative TTL is 10 s as Route 53's is.
        assertThat(seconds).isLessThan(SandboxRouterConfig.RESOLVER_VALID_SECONDS + 3);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Names asked of dnsmasq so far. */
    private static List<String> lookups() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : read(dir.resolve("dnsmasq.log")).split("\n")) {
            int at = line.indexOf("query[A] ");
            if (at >= 0) {
                names.add(line.substring(at + "query[A] ".length()).split(" ")[0]);
            }
        }
        return names;
    }

    private static int requestsSeen() {
        return standIns.stream().mapToInt(s -> s.requests.size()).sum();
    }

    /** The zone's records, written as one file that replaces the last (dnsmasq reads a changed file in the directory). */
    private static void writeRecords(List<Sandbox> sandboxes) throws IOException {
        StringBuilder records = new StringBuilder();
        for (Sandbox sandbox : sandboxes) {
            records.append(sandbox.ip()).append(' ').append(sandbox.label()).append('.').append(ZONE).append('\n');
        }
        Path staged = dir.resolve("records.tmp");
        Files.writeString(staged, records);
        Files.move(staged, hostsDir.resolve("records"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void waitForDns() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(dir.resolve("dnsmasq.pid")) || read(dir.resolve("dnsmasq.log")).isEmpty()) {
            if (!dnsmasq.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("dnsmasq did not start\n" + read(dir.resolve("dnsmasq.out")) + read(dir.resolve("dnsmasq.log")));
            }
            Thread.sleep(100);
        }
    }

    private static String binary(String name, String install) {
        for (String candidate : List.of("/usr/sbin/" + name, "/usr/bin/" + name, "/usr/local/sbin/" + name)) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not installed: " + install);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    record Response(int status, String head, String body) {
    }

    /** One request on a fresh connection to the router, read until the router closes it. */
    private static Response send(String host, String requestLine, Map<String, String> headers) throws IOException {
        try (Socket client = new Socket("127.0.0.1", routerPort)) {
            client.setSoTimeout(15_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: ").append(host).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (requestLine.startsWith("POST")) {
                request.append("Content-Length: 0\r\n");
            }
            request.append("\r\n");
            client.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = split < 0 ? all : all.substring(0, split);
            String body = split < 0 ? "" : all.substring(split + 4);
            return new Response(Integer.parseInt(head.split(" ")[1]), head, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /**
     * One port of a stand-in sandbox. On the agent port it checks the session key as the agent server does (header or
     * query parameter, 401 otherwise); every port answers 200 JSON naming the sandbox, the port, the path, the Host and
     * the headers it received, 204 to a preflight, and 101 plus an echo to a WebSocket upgrade.
     */
    static final class StandIn implements AutoCloseable {
        final Sandbox sandbox;
        final int port;
        final boolean agent;
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocket server;

        StandIn(Sandbox sandbox, int port, boolean agent) throws IOException {
            this.sandbox = sandbox;
            this.port = port;
            this.agent = agent;
            this.server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(sandbox.ip()), port));
            Thread accept = new Thread(this::serve, "stand-in-" + sandbox.name() + "-" + port);
            accept.setDaemon(true);
            accept.start();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    Thread handler = new Thread(() -> handle(connection));
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void handle(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                String head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                requests.add(head);
                String[] lines = head.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                    }
                }
                String target = requestLine[1];
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
                if (requestLine[0].equals("OPTIONS")) {
                    out.write("HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: https://openhands.example.com\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                if (agent) {
                    String key = headers.getOrDefault("x-session-api-key", "");
                    for (String parameter : query.split("&")) {
                        if (parameter.startsWith("session_api_key=")) {
                            key = parameter.substring("session_api_key=".length());
                        }
                    }
                    if (!sandbox.key().equals(key)) {
                        respond(out, 401, "{\"detail\":\"stand-in agent server: invalid session key\"}");
                        return;
                    }
                }
                if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.transferTo(out);
                    return;
                }
                var body = JSON.createObjectNode().put("sandbox", sandbox.name()).put("port", port).put("path", path)
                    .put("host", headers.getOrDefault("host", ""));
                var seen = body.putObject("headers");
                headers.forEach(seen::put);
                respond(out, 200, body.toString());
            } catch (Exception ignored) {
                // The client went away; nothing to answer.
            }
        }

        private static void respond(OutputStream out, int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Unauthorized") + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }
}
