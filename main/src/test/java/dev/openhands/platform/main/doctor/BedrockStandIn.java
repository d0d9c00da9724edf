package dev.openhands.platform.main.doctor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for STS (query protocol, XML) and the Bedrock runtime (REST-JSON), answering with
 * the status codes, error-type headers and bodies the real services send. Each model id gets the answer a test
 * sets; every request is recorded.
 */
public final class BedrockStandIn implements AutoCloseable {

    /** One canned answer: status, the error type AWS puts in {@code x-amzn-ErrorType}, and the body. */
    public record Answer(int status, String errorType, String body) {
        public static Answer converseOk() {
            return new Answer(200, null, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"OK\"}]}},"
                + "\"stopReason\":\"max_tokens\",\"usage\":{\"inputTokens\":11,\"outputTokens\":1,\"totalTokens\":12},"
                + "\"metrics\":{\"latencyMs\":213}}");
        }

        public static Answer bedrockError(int status, String type, String message) {
            return new Answer(status, type + ":http://internal.amazon.com/coral/com.amazon.bedrock/",
                "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
        }

        public static Answer stsError(int status, String code, String message) {
            return new Answer(status, null, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>5c1a1b4e-0000-4000-8000-000000000001</RequestId></ErrorResponse>");
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> models = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public volatile String account = "123456789012";
    volatile String callerArn = "arn:aws:sts::123456789012:assumed-role/platform-operator/jane";
    volatile Answer callerIdentity;
    volatile Answer assumeRole;

    public BedrockStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void answer(String modelId, Answer answer) {
        models.put(modelId, answer);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        requests.add(exchange.getRequestMethod() + " " + path + " " + body);
        if (path.startsWith("/model/")) {
            String model = URLDecoder.decode(path.substring("/model/".length(), path.lastIndexOf('/')), StandardCharsets.UTF_8);
            Answer answer = models.getOrDefault(model, Answer.bedrockError(400, "ValidationException",
                "The provided model identifier is invalid."));
            send(exchange, answer, "application/json");
            return;
        }
        if (body.contains("Action=GetCallerIdentity")) {
            send(exchange, callerIdentity != null ? callerIdentity : new Answer(200, null,
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Arn>" + callerArn + "</Arn><UserId>AROAEXAMPLEID:jane</UserId><Account>" + account + "</Account>"
                    + "</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>"
                    + "</ResponseMetadata></GetCallerIdentityResponse>"), "text/xml");
            return;
        }
        if (body.contains("Action=AssumeRole")) {
            send(exchange, assumeRole != null ? assumeRole : new Answer(200, null,
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
                    + "<AccessKeyId>ASIAEXAMPLEWORKLOAD</AccessKeyId><SecretAccessKey>workload-secret</SecretAccessKey>"
                    + "<SessionToken>workload-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
                    + "<AssumedRoleUser><AssumedRoleId>AROAWORKLOAD:openhands-doctor</AssumedRoleId><Arn>arn:aws:sts::"
                    + account + ":assumed-role/workload/openhands-doctor</Arn></AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdee</RequestId></ResponseMetadata>"
                    + "</AssumeRoleResponse>"), "text/xml");
            return;
        }
        send(exchange, new Answer(400, null, "unexpected request"), "text/plain");
    }

    private static void send(HttpExchange exchange, Answer answer, String contentType) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "7f0e7c1e-0000-4000-8000-00000000abcd");
        if (answer.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", answer.errorType());
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
