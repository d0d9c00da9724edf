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

    /**
     * An error: the message under {@code error} (this API's own field) and {@code detail} (FastAPI's, which the
     * OpenHands clients show).
     */
    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, JSON.createObjectNode().put("error", message).put("detail", message));
    }

    public String bodyText() {
        return body.toString();
    }
}
