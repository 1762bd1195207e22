package com.epchat.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.FileSystemUtils;

/**
 * A service in a JVM of its own with a fixed heap (so that its heap, its pauses and its CPU are its
 * own, not the benchmark's), started from the benchmark's own classpath; its heap after a full GC read
 * with {@code jcmd}. {@code -Dbench.jvmopts} adds JVM options to every child, {@code -Dbench.jvmopts.<name>}
 * to one, {@code -Dbench.jfr=true} records each child with Flight Recorder.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /**
     * A child's own JVM options. The broker's are those kafka-run-class.sh starts every broker with (the
     * apache/kafka image too); a service's those docker-compose.yml gives it; on G1 unless a what-if run
     * picks another collector.
     */
    private static final Map<String, String> OPTIONS = Map.of("kafka", "-XX:MaxGCPauseMillis=20 "
            + "-XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15",
            // as docker-compose.yml starts the service
            "budget-streams", "-XX:+ExitOnOutOfMemoryError", "baseline", "-XX:+ExitOnOutOfMemoryError");

    private final Process process;
    private final String name;
    private final List<Path> scratch = new ArrayList<>();

    private ChildJvm(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    public static ChildJvm start(String name, String mainClass, String heap, Map<String, String> env, Path log,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap));
        if (Boolean.getBoolean("bench.jfr")) {
            // diagnostics: where a child's CPU goes
            command.add("-XX:StartFlightRecording=filename=" + log.resolveSibling(name + ".jfr") + ",settings=profile");
        }
        // every pause on record: a tail of the latency tables is read against these
        command.add("-Xlog:gc:file=" + log.resolveSibling(name + "-gc.log"));
        // what-if runs: -Dbench.jvmopts for every child, -Dbench.jvmopts.<name> for one more
        String extra = (OPTIONS.getOrDefault(name, "") + " " + System.getProperty("bench.jvmopts", "") + " "
                + System.getProperty("bench.jvmopts." + name, "")).trim();
        if (!extra.matches(".*-XX:\\+Use\\w+GC.*")) {
            command.add("-XX:+UseG1GC");
        }
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new ChildJvm(builder.start(), name);
    }

    /** A port free now, for a child to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A directory only this child uses (its data, its state), removed once it has stopped. */
    public ChildJvm removingOnClose(Path dir) {
        scratch.add(dir);
        return this;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time the JVM has used so far. */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Heap in use after a full collection, in bytes. */
    public long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException(name + ": no heap figure in " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The classes taking most of the heap (diagnostics: where a stream's bytes go). */
    public String histogram() throws IOException, InterruptedException {
        return jcmd("GC.class_histogram");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(java()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed for " + name + ": " + out);
        }
        return out;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    /** The benchmark's classpath: exec:java's class loader, or the JVM's when run with plain java. */
    private static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        // a broker's log or a guard's stores: hundreds of MB a phase, which would otherwise fill /tmp
        for (Path dir : scratch) {
            if (!FileSystemUtils.deleteRecursively(dir.toFile())) {
                System.err.println(name + ": could not remove " + dir);
            }
        }
    }
}
