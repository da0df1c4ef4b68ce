package dev.sfu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.auth.JoinTokens;
import dev.sfu.api.rest.ControlPlane;
import dev.sfu.api.rest.RoomsApi;
import dev.sfu.api.shared.SlowClientGuard;
import dev.sfu.api.signaling.IceServers;
import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.transport.AllowedNetworks;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The room-control surface as sfu-server assembles it (SfuServer): a media engine on 127.0.0.1 port 0, a Vert.x
 * HTTP server on 127.0.0.1 port 0 whose router carries the signaling WebSocket and the rooms REST API, with the
 * same 256 KiB WebSocket message limit. Tests talk to it only over real HTTP and WebSockets
 * ({@link java.net.http.HttpClient}). Every wait is bounded.
 */
final class TestSfuServer implements AutoCloseable {
    static final String API_KEY = "test-key-3f9c2a71b8";
    /** A second accepted key: more than one may be configured. */
    static final String OTHER_API_KEY = "test-key-second-5d1e";
    static final byte[] TOKEN_SECRET = "test-token-secret-0123456789abcdef-xyz".getBytes(StandardCharsets.UTF_8);
    static final JoinTokens TOKENS = new JoinTokens(TOKEN_SECRET, java.time.Clock.systemUTC());
    static final int MAX_WEBSOCKET_MESSAGE = 256 * 1024;
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final AtomicInteger ROOMS = new AtomicInteger();

    final ObjectMapper json = new ObjectMapper();
    private final SfuEngine engine;
    private final Vertx vertx;
    private final HttpServer http;
    private final HttpClient client;
    private final ControlPlane controlPlane;
    private final Router router;
    private final List<WsClient> sockets = new CopyOnWriteArrayList<>();

    private TestSfuServer(SfuEngine engine, Vertx vertx, HttpServer http, ControlPlane controlPlane, Router router) {
        this.engine = engine;
        this.vertx = vertx;
        this.http = http;
        this.controlPlane = controlPlane;
        this.router = router;
        this.client = HttpClient.newBuilder().connectTimeout(WAIT).build();
    }

    /** Media on loopback only, ICE checks accepted from 127.0.0.0/8. */
    static MediaConfig loopbackMedia() {
        return MediaConfig.defaults().withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withAllowedNetworks(AllowedNetworks.parse("127.0.0.0/8"));
    }

    static TestSfuServer start() throws Exception {
        return start(loopbackMedia());
    }

    /** Development mode: joins without a token are admitted (the signaling tests' default). */
    static ApiConfig developmentApi() {
        return ApiConfig.of(API_KEY, TOKENS).withTokenRequired(false);
    }

    /** Production mode: two API keys, every join needs a token, rooms live 20 s once empty. */
    static ApiConfig productionApi() {
        ApiConfig base = ApiConfig.of(API_KEY, TOKENS);
        return new ApiConfig(List.of(API_KEY, OTHER_API_KEY), TOKENS, true, base.defaultTokenTtl(),
                base.maxTokenTtl(), true, new RoomSettings(0, Duration.ofSeconds(20), ""), base.maxRequestBytes(),
                base.maxMetadataChars(),
                List.of(), "", base.webhookFirstBackoff(), base.drainDeadline(), IceServers.none(),
                base.signalingLimits());
    }

    static TestSfuServer start(MediaConfig media) throws Exception {
        return start(media, developmentApi());
    }

    static TestSfuServer start(MediaConfig media, ApiConfig api) throws Exception {
        SfuEngine engine = SfuEngine.start(media);
        Vertx vertx = Vertx.vertx();
        try {
            ObjectMapper json = new ObjectMapper();
            Router router = Router.router(vertx);
            ControlPlane controlPlane = ControlPlane.mount(vertx, router, engine, json, api);
            HttpServerOptions options = SlowClientGuard.withIdleTimeout(new HttpServerOptions()
                    .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
                    .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE), Duration.ofSeconds(60));
            HttpServer server = vertx.createHttpServer(options);
            SlowClientGuard.install(vertx, server, Duration.ofSeconds(10), controlPlane.protections(), router);
            HttpServer http = server.listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new TestSfuServer(engine, vertx, http, controlPlane, router);
        } catch (Exception e) {
            vertx.close();
            engine.close();
            throw e;
        }
    }

    /** A room name no other test uses. */
    static String uniqueRoom(String prefix) {
        return prefix + "-" + ROOMS.incrementAndGet();
    }

    /** An SDP offer kept under src/test/resources/signaling. */
    static String sdp(String file) {
        try (InputStream in = TestSfuServer.class.getResourceAsStream("/signaling/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test SDP " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SfuEngine engine() {
        return engine;
    }

    ControlPlane controlPlane() {
        return controlPlane;
    }

    Router router() {
        return router;
    }

    /** A request with the right API key, a JSON body (null: none) and the given method. */
    HttpResponse<String> call(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    /** Issues a join token over REST and returns it. */
    String token(String room, String identity, String grantsJson) throws Exception {
        String body = "{\"room\":\"" + room + "\",\"identity\":\"" + identity + "\""
                + (grantsJson == null ? "" : ",\"grants\":" + grantsJson) + "}";
        HttpResponse<String> response = call("POST", RoomsApi.BASE + "/tokens", body);
        if (response.statusCode() != 201) {
            throw new AssertionError("POST tokens: " + response.statusCode() + " " + response.body());
        }
        return body(response).path("token").asText();
    }

    int httpPort() {
        return http.actualPort();
    }

    /** The UDP port of the media loop the room is on (what its answers announce). */
    int mediaPort(String room) {
        return engine.mediaAddress(room).orElseThrow().getPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    /** Opens the signaling WebSocket; closed with the server. */
    WsClient connect() throws Exception {
        WsClient socket = WsClient.connect(client, URI.create("ws://127.0.0.1:" + httpPort() + "/ws"), json);
        sockets.add(socket);
        return socket;
    }

    /** Opens a socket and joins {@code room} as {@code name}, returning the socket after its "joined". */
    WsClient joined(String room, String name) throws Exception {
        WsClient socket = connect();
        socket.join(room, name);
        return socket;
    }

    /** Ann, then Bob, in one room; Ann has heard Bob arrive. */
    record AnnAndBob(WsClient ann, String annId, WsClient bob, String bobId) {}

    /**
     * Ann, then Bob, join {@code room}, each on its own socket.
     *
     * @param withTokens each joins with a token from {@code POST /tokens} (identity "ann", "bob"), as a production
     *     server needs; else without one
     */
    AnnAndBob annAndBob(String room, boolean withTokens) throws Exception {
        WsClient ann = connect();
        String annId = join(ann, room, "Ann", withTokens).path("participantId").asText();
        WsClient bob = connect();
        String bobId = join(bob, room, "Bob", withTokens).path("participantId").asText();
        ann.next("participantJoined");
        return new AnnAndBob(ann, annId, bob, bobId);
    }

    private JsonNode join(WsClient socket, String room, String name, boolean withToken) throws Exception {
        return withToken ? socket.join(room, name, token(room, name.toLowerCase(), null)) : socket.join(room, name);
    }

    /** Bob, in Ann's room, was told of the audio and video tracks she published (by kind). */
    record AnnPublishedToBob(WsClient ann, String annId, WsClient bob, String bobId, Map<String, JsonNode> tracks) {}

    /** Ann and Bob join {@code room}; Ann publishes {@code publisherSdp} (audio and video), which Bob hears of. */
    AnnPublishedToBob annPublishesToBob(String room, String publisherSdp) throws Exception {
        AnnAndBob call = annAndBob(room, false);
        call.ann().offer(publisherSdp, null);
        Map<String, JsonNode> tracks = ApiAssertions.byField(List.of(call.bob().next("trackPublished").path("track"),
                call.bob().next("trackPublished").path("track")), "kind");
        return new AnnPublishedToBob(call.ann(), call.annId(), call.bob(), call.bobId(), tracks);
    }

    /** GET with the given Authorization header value (null sends none). */
    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the right API key. */
    HttpResponse<String> get(String path) throws Exception {
        return get(path, "Bearer " + API_KEY);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** The REST snapshot of a room, asserting it exists. */
    JsonNode room(String name) throws Exception {
        HttpResponse<String> response = get(RoomsApi.BASE + "/rooms/" + name);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET room " + name + ": " + response.statusCode() + " " + response.body());
        }
        return body(response);
    }

    @Override
    public void close() {
        for (WsClient socket : sockets) {
            socket.abort();
        }
        try {
            http.close().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        controlPlane.close();
        engine.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
