package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.rest.ControlPlane;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at /api/v1/openapi.json is docs/openapi.json, and it describes exactly the routes
 * the server mounts: every method and path of the router is in the document, and nothing else is.
 */
class OpenApiDocumentTest extends DevelopmentServerPerClass {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theServedDocumentIsTheOneInDocs() throws Exception {
        HttpResponse<String> response = server.get(ControlPlane.OPENAPI_PATH, null);

        assertEquals(200, response.statusCode(), "public, no key needed");
        JsonNode served = json.readTree(response.body());
        JsonNode docs = json.readTree(Files.readString(Path.of("..", "docs", "openapi.json")));
        assertEquals(docs, served);
        assertTrue(served.path("openapi").asText().startsWith("3."), "OpenAPI 3");
    }

    @Test
    void documentAndRouterNameTheSameOperations() throws Exception {
        Set<String> mounted = new TreeSet<>();
        for (Route route : server.router().getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith(ControlPlane.BASE) || route.methods() == null
                    || route.methods().isEmpty()) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                mounted.add(method.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
            }
        }
        JsonNode document = json.readTree(ControlPlane.openApiDocument());
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            JsonNode item = document.path("paths").path(path);
            for (Iterator<String> methods = item.fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + ControlPlane.BASE + path);
                    JsonNode operation = item.path(method);
                    assertTrue(operation.path("operationId").isTextual(), path + " " + method + " has an operationId");
                    if (!path.equals("/openapi.json")) {
                        assertTrue(operation.path("responses").has("401"), path + " " + method + " documents 401");
                    }
                }
            }
        }
        assertEquals(mounted, documented);
        assertEquals(ControlPlane.BASE, document.path("servers").get(0).path("url").asText());
    }

    @Test
    void everyDocumentedErrorCodeIsInTheErrorSchema() throws Exception {
        JsonNode document = json.readTree(ControlPlane.openApiDocument());
        JsonNode codes = document.path("components").path("schemas").path("Error").path("properties")
                .path("error").path("properties").path("code").path("enum");
        Set<String> known = new TreeSet<>();
        codes.forEach(c -> known.add(c.asText()));
        for (String code : new String[] {"unauthorized", "not_found", "method_not_allowed", "unsupported_media_type",
                "payload_too_large", "invalid_json", "unknown_field", "invalid_field", "missing_field",
                "room_not_found", "participant_not_found", "track_not_found", "room_exists", "too_many_rooms",
                "room_full", "draining", "internal"}) {
            assertTrue(known.contains(code), "Error.code lists " + code + ": " + known);
        }
    }
}
