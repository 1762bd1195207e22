package com.epchat.localstack;

import com.epchat.batch.BatchCoordinatorApplication;
import com.epchat.budget.BudgetStreamsApplication;
import com.epchat.cost.CostAggregatorApplication;
import com.epchat.ingest.IngestApiApplication;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.kraft.KraftBroker;
import com.epchat.kraft.KraftBrokerSettings;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.worker.GenerationWorkerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The whole pipeline on one machine, in one JVM: a real single-node KRaft broker (data kept in
 * {@code .local/kafka}), the DeepSeek simulator unless {@code DEEPSEEK_API_KEY} is set, and the
 * services on ports 3000-3003 and 3005 (batch-coordinator). Stops cleanly on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    /** How each running service was made, so that {@link #restart} can make it again. */
    private final Map<ConfigurableApplicationContext, Supplier<SpringApplicationBuilder>> recipes = new HashMap<>();
    private String bootstrapServers;
    private String deepSeekBaseUrl;
    private ConfigurableApplicationContext ingest;
    private String demoApiKey;

    public static void main(String[] args) {
        Instant begin = Instant.now();
        LocalStack stack = new LocalStack();
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        stack.start(LocalStackSettings.fromEnvironment());
        long seconds = Duration.between(begin, Instant.now()).toMillis();
        System.out.printf("""

                EP Chat pipeline is up in %.1f s
                  ingest-api        http://localhost:3000   (metrics: /api/metrics, health: /health)
                  kafka             %s
                  deepseek          %s
                  API key           %s
                Try:
                  curl -N -X POST http://localhost:3000/api/generate -H 'Content-Type: application/json' \\
                    -H 'Authorization: Bearer %s' \\
                    -d '{"prompt":"测试v3.1功能","model":"deepseek-v3.1","maxTokens":200,"stream":true}'
                Ctrl-C stops everything.
                %n""", seconds / 1000.0, stack.bootstrapServers, stack.deepSeekBaseUrl,
                stack.demoApiKey == null ? "(from EP_API_KEYS / EP_API_KEYS_FILE)"
                        : stack.demoApiKey + "   (user demo; roles user, finance, admin; new at every start)",
                stack.demoApiKey == null ? "<your key>" : stack.demoApiKey);
    }

    public void start(LocalStackSettings settings) {
        bootstrapServers = settings.externalKafka();
        if (bootstrapServers == null) {
            KraftBroker broker = KraftBroker.start(settings.kafkaDataDir() == null ? KraftBrokerSettings.ephemeral()
                    : KraftBrokerSettings.persistent(settings.kafkaDataDir(), settings.kafkaPort()));
            started.add(broker);
            bootstrapServers = broker.bootstrapServers();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicCreator.createMissing(admin, Topics.all());
        }
        deepSeekBaseUrl = settings.deepSeekBaseUrl();
        if (settings.useSimulator()) {
            DeepSeekSimulator simulator = DeepSeekSimulator.start(SimulatorSettings.defaults()
                    .withPort(settings.simulatorPort()));
            started.add(simulator);
            deepSeekBaseUrl = simulator.baseUrl();
        }
        startServices(settings);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String deepSeekBaseUrl() {
        return deepSeekBaseUrl;
    }

    /**
     * The API key made at start-up for user {@code demo} with every role; null when the environment
     * provisions keys ({@code EP_API_KEYS} or {@code EP_API_KEYS_FILE}).
     */
    public String demoApiKey() {
        return demoApiKey;
    }

    /** The port ingest-api listens on (useful when the stack was started with port base 0). */
    public int ingestPort() {
        return Integer.parseInt(ingest.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** A started service by its {@code spring.application.name}, e.g. {@code cost-aggregator} (tests, benchmarks). */
    public ConfigurableApplicationContext service(String applicationName) {
        return started.stream().filter(s -> s instanceof ConfigurableApplicationContext)
                .map(s -> (ConfigurableApplicationContext) s)
                .filter(c -> applicationName.equals(c.getEnvironment().getProperty("spring.application.name")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no service " + applicationName));
    }

    /** The HTTP port of a started service by its {@code spring.application.name}. */
    public int servicePort(String applicationName) {
        return Integer.parseInt(service(applicationName).getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** The services start side by side (ingest-api last); each gets the broker and the DeepSeek URL as defaults. */
    private void startServices(LocalStackSettings settings) {
        Map<String, Object> shared = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "DEEPSEEK_BASE_URL", deepSeekBaseUrl,
                "EP_STATE_DIR", settings.stateDir().toString());
        Map<String, Object> ingestProperties = new HashMap<>(port("INGEST_API_PORT", settings, 0));
        if (isBlank(System.getenv("EP_API_KEYS")) && isBlank(System.getenv("EP_API_KEYS_FILE"))) {
            // only the key's hash goes into the service's configuration, as in production
            demoApiKey = ApiKeyTool.newKey();
            ingestProperties.put("EP_API_KEYS", ApiKeys.entry(demoApiKey, "demo", EnumSet.allOf(Role.class)));
        }
        List<Supplier<SpringApplicationBuilder>> services = List.of(
                () -> BudgetStreamsApplication.builder().properties(port("BUDGET_STREAMS_PORT", settings, 1)),
                () -> CostAggregatorApplication.builder().properties(port("COST_AGGREGATOR_PORT", settings, 3)),
                () -> BatchCoordinatorApplication.builder().properties(port("BATCH_COORDINATOR_PORT", settings, 5)),
                () -> GenerationWorkerApplication.builder().properties(port("GENERATION_WORKER_PORT", settings, 2)),
                () -> IngestApiApplication.builder().properties(ingestProperties));
        ExecutorService starter = Executors.newFixedThreadPool(services.size());
        try {
            List<CompletableFuture<ConfigurableApplicationContext>> contexts = services.stream()
                    .map(recipe -> CompletableFuture.supplyAsync(() -> run(recipe, shared), starter))
                    .toList();
            for (CompletableFuture<ConfigurableApplicationContext> context : contexts) {
                started.add(context.join());
            }
            ingest = contexts.get(contexts.size() - 1).join();
        } finally {
            starter.shutdown();
        }
        awaitPartitionsAssigned(service("generation-worker"), Duration.ofSeconds(60));
    }

    /**
     * Waits until every consumer of the service's listener containers owns partitions. A worker's lane has
     * several consumers in one group, which join one after another; until the last has joined, a rebalance
     * is still to come and hands over the jobs already running (the next owner continues them, in a round
     * the reservation did not foresee). Waiting here, neither a test nor a newcomer's first curl meets that
     * rebalance. Gives up with a warning after {@code timeout}: a stack that serves late still serves.
     */
    private static void awaitPartitionsAssigned(ConfigurableApplicationContext service, Duration timeout) {
        var containers = service.getBeansOfType(ConcurrentMessageListenerContainer.class).values();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!containers.stream().allMatch(LocalStack::everyConsumerAssigned)) {
            if (System.nanoTime() > deadline) {
                log.warn("{}: not every consumer owns partitions after {} s; serving anyway",
                        service.getEnvironment().getProperty("spring.application.name"), timeout.toSeconds());
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean everyConsumerAssigned(ConcurrentMessageListenerContainer<?, ?> container) {
        var consumers = container.getContainers();
        return consumers.size() == container.getConcurrency() && consumers.stream().allMatch(consumer -> {
            var assigned = consumer.getAssignedPartitions();
            return assigned != null && !assigned.isEmpty();
        });
    }

    private ConfigurableApplicationContext run(Supplier<SpringApplicationBuilder> recipe, Map<String, Object> shared) {
        ConfigurableApplicationContext context = recipe.get().properties(shared).run();
        synchronized (recipes) {
            recipes.put(context, () -> recipe.get().properties(shared));
        }
        return context;
    }

    /**
     * Stops a service (as a crash-free restart would: it finishes or hands over its work) and starts
     * it again with the same configuration, e.g. {@code generation-worker}; for tests of what a restart
     * must not lose. A service with port base 0 comes back on another free port.
     */
    public synchronized void restart(String applicationName) {
        ConfigurableApplicationContext old = service(applicationName);
        Supplier<SpringApplicationBuilder> recipe;
        synchronized (recipes) {
            recipe = recipes.remove(old);
        }
        int index = started.indexOf(old);
        old.close();
        ConfigurableApplicationContext fresh = recipe.get().run();
        synchronized (recipes) {
            recipes.put(fresh, recipe);
        }
        started.set(index, fresh);
        if (old == ingest) {
            ingest = fresh;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Port base + offset; a port base of 0 gives every service a free port (tests). */
    private static Map<String, Object> port(String variable, LocalStackSettings settings, int offset) {
        return Map.of(variable, settings.portBase() == 0 ? 0 : settings.portBase() + offset);
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + started.get(i) + ": " + e.getMessage());
            }
        }
        started.clear();
    }

    /** Where the stack puts things: from the environment, defaults for a developer's checkout. */
    public record LocalStackSettings(Path kafkaDataDir, int kafkaPort, String externalKafka, boolean useSimulator,
            int simulatorPort, String deepSeekBaseUrl, Path stateDir, int portBase) {

        /** A stack for tests: an existing broker, a given simulator, free ports, state under a temp dir. */
        public static LocalStackSettings forTests(String bootstrapServers, String deepSeekBaseUrl, Path stateDir) {
            return new LocalStackSettings(null, 0, bootstrapServers, false, 0, deepSeekBaseUrl, stateDir, 0);
        }

        static LocalStackSettings fromEnvironment() {
            Map<String, String> env = System.getenv();
            Path local = Path.of(env.getOrDefault("EP_LOCAL_DIR", ".local")).toAbsolutePath();
            String key = env.getOrDefault("DEEPSEEK_API_KEY", "");
            return new LocalStackSettings(local.resolve("kafka"),
                    Integer.parseInt(env.getOrDefault("KAFKA_PORT", "9092")),
                    env.get("KAFKA_BOOTSTRAP_SERVERS"),
                    key.isBlank(),
                    Integer.parseInt(env.getOrDefault("SIMULATOR_PORT", "3999")),
                    env.getOrDefault("DEEPSEEK_BASE_URL", "https://api.deepseek.com"),
                    local.resolve("state"),
                    Integer.parseInt(env.getOrDefault("INGEST_API_PORT", "3000")));
        }
    }
}
