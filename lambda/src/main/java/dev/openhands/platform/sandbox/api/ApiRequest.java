package dev.openhands.platform.sandbox.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request, as API Gateway hands it over.
 *
 * @param method  HTTP method, upper case
 * @param path    the path below the stage, e.g. {@code /sessions/abc}
 * @param headers header names in lower case
 * @param query   query parameters, each with every value it was given
 * @param body    the request body as text; null when none
 */
public record ApiRequest(String method, String path, Map<String, String> headers, Map<String, List<String>> query,
                         String body) {

    public ApiRequest {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        Map<String, String> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        }
        headers = Map.copyOf(lower);
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
