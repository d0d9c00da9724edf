package dev.openhands.platform.modules.sandbox;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The sandbox router's nginx configuration: which public host name reaches which sandbox port. The one description of
 * the routes; the Fargate service ({@link SandboxRouter}) runs {@link #nginxConf()} unchanged, and the real-nginx test
 * runs the same text on loopback.
 *
 * <p>Routes, for a label of exactly the orchestrator's alphabet ({@code b} and 25 of {@code a-z2-7}):
 * <pre>
 *   &lt;label&gt;.&lt;publicDomain&gt;         → http://&lt;label&gt;.&lt;sandboxZone&gt;:&lt;agentPort&gt;   (session key required here)
 *   vscode-&lt;label&gt;.&lt;publicDomain&gt;  → ...:&lt;vscodePort&gt;
 *   work-1-&lt;label&gt;.&lt;publicDomain&gt;  → ...:&lt;worker1Port&gt;
 *   work-2-&lt;label&gt;.&lt;publicDomain&gt;  → ...:&lt;worker2Port&gt;
 * </pre>
 * The upstream is built from the label alone, inside the one private zone: no request can make the router connect
 * anywhere else (no open proxy, no other zone, no address literal). Any other host, and a host with any other label,
 * gets 404 from the router without a lookup; {@code /healthz} on the default server answers the load balancer.
 *
 * <p>Agent-server requests without an {@code X-Session-API-Key} header and without a {@code session_api_key} query
 * parameter (the browser's WebSocket carries it there) are refused with 401 before anything is proxied, except CORS
 * preflights ({@code OPTIONS}), which browsers send without custom headers and which the agent server answers from its
 * CORS settings without acting. Whether a key is the right one only the agent server knows: it answers 401 itself.
 * The VS Code and worker routes carry no session key and no Cognito sign-in (Cognito accepts no wildcard callback
 * URL, so a per-sandbox host could never finish one): VS Code checks its own connection token, and the worker hosts'
 * only protection is their unguessable label (see docs/sandboxes.md).
 *
 * <p>What the sandbox never sees: the headers in {@link #droppedHeaders()} (the CloudFront origin secret, whose holder
 * could reach the load balancer around the WAF) and the load balancer's Cognito identity headers and session cookies
 * ({@code x-amzn-oidc-*}, {@code AWSELBAuthSessionCookie-*}): a sandbox runs whatever the agent decides, and a session
 * cookie replayed to the app's host would act as the user. The access log is JSON on standard output and holds the
 * path but never the query string (it carries session keys and VS Code tokens); the error log is at {@code crit} for
 * the same reason (nginx's error lines quote the request line, query included).
 *
 * @param publicDomain      the sandboxes' public domain, e.g. {@code sbx.openhands.example.com}
 * @param sandboxZone       the private zone of the orchestrator's names, e.g. {@code sandboxes.openhands-prod.internal}
 * @param resolver          the DNS server nginx asks, {@code address} or {@code address:port} (the VPC's resolver,
 *                          {@link #VPC_RESOLVER}, in AWS)
 * @param listenAddress     the IPv4 address nginx listens on ({@code 0.0.0.0} in a task)
 * @param listenPort        the port the load balancer's target group sends to
 * @param agentPort         the agent server's port in the sandbox (the template's)
 * @param vscodePort        VS Code's port in the sandbox
 * @param worker1Port       the first port the agent's own web servers use
 * @param worker2Port       the second
 * @param runtimeDirectory  a writable directory for nginx's pid file and buffers (the root file system is read-only)
 * @param droppedHeaders    request header names never passed to a sandbox (the CloudFront origin secret's)
 */
public record SandboxRouterConfig(String publicDomain, String sandboxZone, String resolver, String listenAddress, int listenPort,
                                  int agentPort, int vscodePort, int worker1Port, int worker2Port, String runtimeDirectory,
                                  List<String> droppedHeaders) {

    /** The Route 53 Resolver's link-local address, the same in every VPC. */
    public static final String VPC_RESOLVER = "169.254.169.253";
    public static final int DEFAULT_LISTEN_PORT = 8080;
    /** OpenHands V1's ports (app_server/sandbox/remote_sandbox_service.py: VSCODE_PORT, WORKER_1_PORT, WORKER_2_PORT). */
    public static final int OPENHANDS_VSCODE_PORT = 60001;
    public static final int OPENHANDS_WORKER_1_PORT = 12000;
    public static final int OPENHANDS_WORKER_2_PORT = 12001;
    /** The orchestrator's label alphabet (lambda's SandboxNames): 'b' and 25 base32 characters of a SHA-256. */
    public static final String LABEL_PATTERN = "b[a-z2-7]{25}";
    /** How long nginx keeps an answer (or a missing name): the orchestrator's record TTL and the zone's negative TTL. */
    public static final int RESOLVER_VALID_SECONDS = 10;
    /** A conversation's WebSocket idles while the agent thinks; the load balancer's idle timeout must be as long. */
    public static final int READ_TIMEOUT_SECONDS = 3600;
    /** Uploads into the workspace go through the agent server; the WAF inspects only the first part of a body. */
    public static final int MAX_BODY_MEGABYTES = 512;
    /** The load balancer may split its session cookie into this many parts (AWSELBAuthSessionCookie-0 ... -3). */
    static final int SESSION_COOKIE_PARTS = 4;

    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$");
    private static final Pattern RESOLVER = Pattern.compile("^(\\d{1,3}\\.){3}\\d{1,3}(:\\d{1,5})?$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3}\\.){3}\\d{1,3}$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9._/-]*$");
    private static final Pattern HEADER = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

    public SandboxRouterConfig {
        check(publicDomain, DOMAIN, "publicDomain", "a lower-case DNS name without scheme or trailing dot, e.g. sbx.openhands.example.com");
        check(sandboxZone, DOMAIN, "sandboxZone", "the orchestrator's private zone, e.g. sandboxes.openhands-prod.internal");
        if (publicDomain.equals(sandboxZone) || publicDomain.endsWith("." + sandboxZone) || sandboxZone.endsWith("." + publicDomain)) {
            throw new IllegalArgumentException("publicDomain '" + publicDomain + "' and sandboxZone '" + sandboxZone
                + "' overlap: the public names must not be names in the private zone (the router would route to itself)");
        }
        check(resolver, RESOLVER, "resolver", "an IPv4 address with an optional port, e.g. " + VPC_RESOLVER);
        check(listenAddress, IPV4, "listenAddress", "an IPv4 address, 0.0.0.0 for every interface");
        for (int port : new int[] {listenPort, agentPort, vscodePort, worker1Port, worker2Port}) {
            if (port < 1024 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1024-65535 (the router and the sandboxes run without root)");
            }
        }
        if (List.of(agentPort, vscodePort, worker1Port, worker2Port).stream().distinct().count() != 4) {
            throw new IllegalArgumentException("the agent, VS Code and worker ports must differ: " + List.of(agentPort, vscodePort, worker1Port, worker2Port));
        }
        check(runtimeDirectory, PATH, "runtimeDirectory", "an absolute path such as /tmp");
        droppedHeaders = List.copyOf(droppedHeaders);
        for (String header : droppedHeaders) {
            check(header, HEADER, "droppedHeaders", "header names of letters, digits and '-'");
        }
    }

    /** The routes in AWS: VPC resolver, every interface, OpenHands' ports, {@code /tmp} for nginx's files. */
    public static SandboxRouterConfig inVpc(String publicDomain, String sandboxZone, int agentPort, List<String> droppedHeaders) {
        return new SandboxRouterConfig(publicDomain, sandboxZone, VPC_RESOLVER, "0.0.0.0", DEFAULT_LISTEN_PORT, agentPort,
            OPENHANDS_VSCODE_PORT, OPENHANDS_WORKER_1_PORT, OPENHANDS_WORKER_2_PORT, "/tmp", droppedHeaders);
    }

    /** One public host prefix and the sandbox port it reaches. */
    public record Route(String prefix, int port, boolean sessionKeyRequired) {
    }

    /** Agent server first; then VS Code and the two worker ports. */
    public List<Route> routes() {
        return List.of(new Route("", agentPort, true), new Route("vscode-", vscodePort, false),
            new Route("work-1-", worker1Port, false), new Route("work-2-", worker2Port, false));
    }

    /** The sandbox ports the router connects to (its security group's egress). */
    public List<Integer> sandboxPorts() {
        return routes().stream().map(Route::port).toList();
    }

    /** A complete nginx.conf; run it with {@code nginx -e stderr -c <file>}. */
    public String nginxConf() {
        String dir = runtimeDirectory.endsWith("/") ? runtimeDirectory.substring(0, runtimeDirectory.length() - 1) : runtimeDirectory;
        String listen = listenAddress + ":" + listenPort;
        StringBuilder c = new StringBuilder();
        c.append("# Sandbox router, generated by SandboxRouterConfig: do not edit, change the generator.\n");
        c.append("daemon off;\n");
        c.append("worker_processes auto;\n");
        c.append("pid ").append(dir).append("/nginx.pid;\n");
        c.append("# crit: nginx's error lines quote the request line, whose query carries session keys and VS Code tokens.\n");
        c.append("error_log stderr crit;\n");
        c.append("events {\n    worker_connections 4096;\n}\n");
        c.append("http {\n");
        c.append("    server_tokens off;\n");
        c.append("    default_type application/json;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            c.append("    ").append(temp).append("_temp_path ").append(dir).append("/nginx-").append(temp.replace('_', '-')).append(";\n");
        }
        c.append("    # The path only ($uri), never the query string: it carries session keys (WebSocket) and VS Code tokens.\n");
        c.append("    log_format router escape=json '{\"time\":\"$time_iso8601\",\"client\":\"$remote_addr\",")
            .append("\"forwarded_for\":\"$http_x_forwarded_for\",\"host\":\"$host\",\"method\":\"$request_method\",\"path\":\"$uri\",")
            .append("\"status\":$status,\"bytes\":$bytes_sent,\"seconds\":$request_time,\"upstream\":\"$upstream_addr\",")
            .append("\"upstream_status\":\"$upstream_status\",\"user_agent\":\"$http_user_agent\"}';\n");
        c.append("    access_log /dev/stdout router;\n");
        c.append("    # The orchestrator's records have a TTL of ").append(RESOLVER_VALID_SECONDS)
            .append(" s, as has a missing name (the zone's SOA minimum).\n");
        c.append("    resolver ").append(resolver).append(" valid=").append(RESOLVER_VALID_SECONDS).append("s ipv6=off;\n");
        c.append("    resolver_timeout 5s;\n");
        c.append("    map $http_upgrade $router_connection {\n        default upgrade;\n        '' '';\n    }\n");
        c.append("    # 1 when an agent-server request carries no session key at all (CORS preflights carry none by design).\n");
        c.append("    map \"$request_method:$http_x_session_api_key$arg_session_api_key\" $router_key_missing {\n")
            .append("        default 0;\n        \"~^OPTIONS:\" 0;\n        \"~^[A-Z]+:$\" 1;\n    }\n");
        c.append("    # The load balancer's Cognito session cookies, removed one part at a time (nginx maps replace once).\n");
        String previous = "$http_cookie";
        for (int part = 0; part < SESSION_COOKIE_PARTS; part++) {
            String next = "$router_cookie_" + part;
            c.append("    map ").append(previous).append(' ').append(next).append(" {\n")
                .append("        default ").append(previous).append(";\n")
                .append("        \"~^(?<before>.*?)(^|;\\s*)AWSELBAuthSessionCookie-[0-9]+=[^;]*(?<after>.*)$\" \"$before$after\";\n")
                .append("    }\n");
            previous = next;
        }
        String cookie = previous;
        c.append("    client_max_body_size ").append(MAX_BODY_MEGABYTES).append("m;\n");
        c.append("    proxy_http_version 1.1;\n");
        c.append("    proxy_buffering off;\n");
        c.append("    proxy_request_buffering off;\n");
        c.append("    proxy_connect_timeout 5s;\n");
        c.append("    proxy_read_timeout ").append(READ_TIMEOUT_SECONDS).append("s;\n");
        c.append("    proxy_send_timeout ").append(READ_TIMEOUT_SECONDS).append("s;\n");
        c.append("    proxy_set_header Host $host;\n");
        c.append("    proxy_set_header Upgrade $http_upgrade;\n");
        c.append("    proxy_set_header Connection $router_connection;\n");
        c.append("    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n");
        c.append("    proxy_set_header X-Forwarded-Proto https;\n");
        c.append("    proxy_set_header Cookie ").append(cookie).append(";\n");
        for (String header : List.of("X-Amzn-Oidc-Accesstoken", "X-Amzn-Oidc-Data", "X-Amzn-Oidc-Identity")) {
            c.append("    proxy_set_header ").append(header).append(" \"\";\n");
        }
        for (String header : droppedHeaders) {
            c.append("    proxy_set_header ").append(header).append(" \"\";\n");
        }
        c.append("    proxy_hide_header Server;\n");
        c.append("\n    # Every other host: nothing is proxied, nothing is looked up.\n");
        c.append("    server {\n");
        c.append("        listen ").append(listen).append(" default_server;\n");
        c.append("        server_name _;\n");
        c.append("        location = /healthz {\n            access_log off;\n            return 200 '{\"status\":\"ok\"}';\n        }\n");
        c.append("        location / {\n            return 404 '{\"detail\":\"no such sandbox route\"}';\n        }\n");
        c.append("    }\n");
        String domain = publicDomain.replace(".", "\\.");
        for (Route route : routes()) {
            c.append("\n    server {\n");
            c.append("        listen ").append(listen).append(";\n");
            c.append("        server_name \"~^").append(route.prefix()).append("(?<sandbox_label>").append(LABEL_PATTERN).append(")\\.")
                .append(domain).append("$\";\n");
            c.append("        location / {\n");
            if (route.sessionKeyRequired()) {
                c.append("            if ($router_key_missing) {\n")
                    .append("                return 401 '{\"detail\":\"X-Session-API-Key header or session_api_key parameter required\"}';\n")
                    .append("            }\n");
            }
            c.append("            proxy_pass http://$sandbox_label.").append(sandboxZone).append(':').append(route.port()).append(";\n");
            c.append("            error_page 502 = @unreachable;\n");
            c.append("        }\n");
            c.append("        # No address means the name does not exist: no such sandbox, or it is paused or stopped.\n");
            c.append("        location @unreachable {\n");
            c.append("            if ($upstream_addr = \"\") {\n");
            c.append("                return 404 '{\"detail\":\"no such sandbox, or it is not running\"}';\n");
            c.append("            }\n");
            c.append("            return 502 '{\"detail\":\"the sandbox is not answering\"}';\n");
            c.append("        }\n");
            c.append("    }\n");
        }
        c.append("}\n");
        return c.toString();
    }

    private static void check(String value, Pattern pattern, String field, String expected) {
        Objects.requireNonNull(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not " + expected);
        }
    }
}
