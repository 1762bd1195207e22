# The image of any one EP Chat service: the module named by the build argument MODULE, listening on PORT.
#   ingest-api 3000, budget-streams 3001, generation-worker 3002, cost-aggregator 3003,
#   batch-coordinator 3005, deepseek-simulator 3999
#
# Build context is the REPOSITORY ROOT (the Maven reactor needs the parent POM and the library
# modules the service depends on), so from a clean clone:
#   docker build --build-arg MODULE=budget-streams --build-arg PORT=3001 -t ep-chat/budget-streams .
# docker-compose.yml does exactly this for each service; `docker compose up -d --build` needs nothing
# prebuilt. Needs BuildKit (default since Docker 23; Compose v2 always uses it) for the Maven cache mount.

# ---- stage 1: build the executable jar --------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
# Copy the build inputs one module at a time instead of "COPY . ." so that a local .env (it holds
# DEEPSEEK_API_KEY), .git, backups/ and test-results/ never enter an image layer.
# Keep this list in step with <modules> in pom.xml: Maven refuses a reactor with a missing module.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY topics topics
COPY pricing pricing
COPY dead-letters dead-letters
COPY service-metrics service-metrics
COPY feature-flags feature-flags
COPY kraft-broker kraft-broker
COPY test-support test-support
COPY deepseek-simulator deepseek-simulator
COPY deepseek-client deepseek-client
COPY budget-streams budget-streams
COPY generation-worker generation-worker
COPY ingest-api ingest-api
COPY cost-aggregator cost-aggregator
COPY batch-coordinator batch-coordinator
COPY local-stack local-stack
COPY bench bench
# One cache (same id for every module) holds the Maven distribution and ~/.m2 between
# builds; "locked" lets only one build use it at a time, which also keeps five parallel Maven
# runs off a small machine. "clean" drops any target/ copied from the working tree.
RUN --mount=type=cache,id=ep-chat-m2,target=/root/.m2,sharing=locked \
    { [ -n "$MODULE" ] || { echo "build with --build-arg MODULE=<service module> --build-arg PORT=<its port>" >&2; exit 1; }; } \
 && chmod +x mvnw \
 && ./mvnw -B -q -DskipTests -pl "$MODULE" -am clean package \
 && cp "$MODULE"/target/"$MODULE"-*-exec.jar /tmp/app.jar

# ---- stage 2: run it on a JRE as a non-root user ----------------------------------------------
FROM eclipse-temurin:17-jre
ARG PORT
RUN { [ -n "$PORT" ] || { echo "build with --build-arg PORT=<the service's port>" >&2; exit 1; }; } \
 && groupadd --system epchat \
 && useradd --system --gid epchat --home-dir /app --no-create-home --shell /usr/sbin/nologin epchat
WORKDIR /app
COPY --from=build /tmp/app.jar /app/app.jar
USER epchat
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
# curl ships with the eclipse-temurin Ubuntu images, so the probe needs no extra package and no JVM.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT}/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
