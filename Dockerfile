# Builds the SFU from source and runs it on a JRE. Media needs the UDP ports published as-is
# (no port remapping: each is announced in ICE candidates) and SFU_ANNOUNCED_ADDRESS set to the
# address clients reach the host at. One UDP port per media loop: SFU_RTC_UDP_PORT .. + SFU_MEDIA_LOOPS - 1
# (fixed here, so the published range is known; docs/operations.md says how to size it).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY sfu-core/pom.xml sfu-core/
COPY sfu-peer/pom.xml sfu-peer/
COPY sfu-api/pom.xml sfu-api/
COPY sfu-server/pom.xml sfu-server/
RUN mvn -B -q dependency:go-offline -DexcludeArtifactIds=sfu-core,sfu-peer,sfu-api || true
COPY sfu-core sfu-core
COPY sfu-peer sfu-peer
COPY sfu-api sfu-api
COPY sfu-server sfu-server
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 sfu
COPY --from=build /src/sfu-server/target/sfu-server.jar /opt/sfu/sfu-server.jar
USER sfu
ENV SFU_HTTP_PORT=8080 \
    SFU_RTC_UDP_PORT=10000 \
    SFU_MEDIA_LOOPS=4
EXPOSE 8080/tcp 10000-10003/udp
HEALTHCHECK --interval=10s --timeout=3s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q up <&3"]
ENTRYPOINT ["java", "-XX:+UseZGC", "-jar", "/opt/sfu/sfu-server.jar"]
