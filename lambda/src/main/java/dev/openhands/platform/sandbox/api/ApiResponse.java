package dev.openhands.platform.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JSON response.
 *
 * @param status HTTP status
 * @param body   the JSON document
 */
public record ApiResponse(int status, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, JSON.createObjectNode().put("error", message));
    }

    public String bodyText() {
        return body.toString();
    }
}
