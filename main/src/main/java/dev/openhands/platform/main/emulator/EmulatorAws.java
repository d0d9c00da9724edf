package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few emulator calls the harness makes itself (seeding what AWS provides publicly). The emulator does not
 * check signatures, so requests carry a syntactically valid but unsigned authorization header naming the region.
 */
final class EmulatorAws {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMAGE_ID = Pattern.compile("<imageId>(ami-[0-9a-f]+)</imageId>");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;
    private final String region;

    EmulatorAws(String endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    private String authorization(String service) {
        return "AWS4-HMAC-SHA256 Credential=emulator/20260101/" + region + "/" + service
            + "/aws4_request, SignedHeaders=host, Signature=00";
    }

    /** An image of the emulator's catalogue with the given architecture ({@code arm64} or {@code x86_64}). */
    String imageId(String architecture) throws IOException, InterruptedException {
        String form = "Action=DescribeImages&Version=2016-11-15&Owner.1=amazon&Filter.1.Name=architecture&Filter.1.Value.1="
            + URLEncoder.encode(architecture, StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", authorization("ec2"))
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = IMAGE_ID.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("the emulator has no " + architecture + " image: " + response.statusCode());
        }
        return m.group(1);
    }

    void putParameter(String name, String value) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("Name", name, "Value", value, "Type", "String", "Overwrite", true));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", "AmazonSSM.PutParameter")
            .header("Authorization", authorization("ssm"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("seeding parameter " + name + " failed: " + response.body());
        }
    }
}
