package com.epchat.localstack;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real nginx (the Debian package {@code nginx}, which {@code .ci/compose-check} installs before the
 * tests run) started with the deployment's {@code deploy/nginx/nginx.conf}, rewritten only where a
 * test must differ from compose: the upstream address, the listen port and the pid/temp paths
 * (as compose-check does for {@code nginx -t}).
 */
final class RealNginx implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private RealNginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** nginx in front of {@code upstreamPort}; {@code edit} may change the config further (a broken variant). */
    static RealNginx start(int upstreamPort, UnaryOperator<String> edit) throws IOException {
        Path dir = Files.createTempDirectory("ep-nginx");
        // nginx started as root runs its workers as nobody, who must reach the temp paths
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        int port = freePort();
        String conf = Files.readString(repositoryRoot().resolve("deploy/nginx/nginx.conf"))
                .replace("ingest-api:3000", "127.0.0.1:" + upstreamPort)
                .replace("/tmp/nginx", dir.resolve("nginx").toString())
                .replace("listen 80 default_server;", "listen 127.0.0.1:" + port + " default_server;");
        Files.writeString(dir.resolve("nginx.conf"), edit.apply(conf));
        Process process = new ProcessBuilder(binary(), "-e", "stderr", "-p", dir + "/", "-c",
                dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.log").toFile()).start();
        RealNginx nginx = new RealNginx(process, port, dir);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.log")));
            }
            return nginx.accepts();
        });
        return nginx;
    }

    int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** On PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
    static String binary() {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return Stream.concat(path, Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"))
                .map(d -> Path.of(d, "nginx")).filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("nginx is not installed: install the Debian package "
                        + "nginx (.ci/compose-check does, before .ci/run runs the tests)"));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/nginx/nginx.conf"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/nginx/nginx.conf not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    List<String> log() throws IOException {
        return Files.readAllLines(dir.resolve("nginx.log"));
    }
}
