package com.epchat.flags.cli;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagText;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FeatureFlags;
import com.epchat.topics.serde.Json;
import java.io.PrintStream;
import org.apache.kafka.clients.CommonClientConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The Java side of {@code ./ep}: reads and writes the live flags on {@code ep.control.flags}.
 *
 * <pre>
 * show [--json]                          the flags in force, who set them, and the previous state
 * set NAME=VALUE… [--by W] [--reason R]  change switches (names as in show, or the variables)
 * emergency [--by W] [--reason R]        deepseek-chat, 64K context, no auto-continuation, budget guard for all
 * restore [--by W] [--reason R]          back to the state before the last change
 * export                                 the current state as JSON (for a backup)
 * check FILE                             is FILE a usable saved state?
 * apply FILE [--by W] [--reason R]       take the values of a saved state
 * </pre>
 *
 * Every change accepts {@code --dry-run} (prints what would change, writes nothing); on a topic no
 * service has written yet it starts from the environment's start values. Exit status: 0 done,
 * 1 Kafka could not be read or written, 2 a wrong command or value (nothing written).
 */
public final class FlagsCli {

    private final FlagStore store;
    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;

    /** @param env the environment: on a topic no service has written yet, changes start from its values */
    FlagsCli(FlagStore store, Map<String, String> env, Clock clock, PrintStream out) {
        this.store = store;
        this.env = env;
        this.clock = clock;
        this.out = out;
    }

    public static void main(String[] args) {
        // before any logger exists: Kafka's clients log connection trouble at length; the tool says it once
        System.setProperty("logback.configurationFile", "ep-cli-logback.xml");
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            CliOptions options = CliOptions.parse(args, env);
            FlagStore store = new FlagStore(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    options.bootstrapServers()), options.topic() == null ? Topics.FEATURE_FLAGS.name() : options.topic(),
                    options.timeout());
            new FlagsCli(store, env, Clock.systemUTC(), out).execute(options);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("ep: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("ep: " + e.getMessage());
            return 1;
        }
    }

    void execute(CliOptions o) {
        switch (o.command()) {
            case "show" -> show(o.json());
            case "export" -> out.println(json(latest()));
            case "check" -> check(o.single("file"));
            case "set" -> {
                if (o.words().isEmpty()) {
                    throw new IllegalArgumentException("set needs NAME=VALUE, e.g. ep flags set autoContinuation=off");
                }
                change(o, current -> FlagEdits.set(current, o.words(), change(o, "set by hand")));
            }
            case "emergency" -> change(o, current -> FlagEdits.emergency(current, change(o, "emergency rollback")));
            case "restore" -> change(o, current -> FlagEdits.restore(current, change(o, "restore the previous flags")));
            case "apply" -> {
                FeatureFlags saved = check(o.single("file"));
                change(o, current -> FlagEdits.apply(current, saved, change(o, "restored from " + o.words().get(0))));
            }
            default -> throw new IllegalArgumentException("unknown command '" + o.command()
                    + "' (show, set, emergency, restore, export, check, apply)");
        }
    }

    private Change change(CliOptions o, String defaultReason) {
        return new Change(o.by(), o.reasonOr(defaultReason), clock.instant());
    }

    /** Computes the next state from the latest; writes it unless nothing would change or it is a dry run. */
    private void change(CliOptions o, UnaryOperator<FeatureFlags> edit) {
        if (o.dryRun()) {
            FeatureFlags current = store.read().orElseGet(this::environment);
            List<String> diff = FlagText.diff(current, edit.apply(current));
            out.println("dry run, nothing written: " + (diff.isEmpty() ? "no flag would change"
                    : "would change " + String.join(", ", diff)));
            return;
        }
        FlagStore.Result result = store.update(latest -> {
            FeatureFlags current = latest.orElseGet(this::environment);
            FeatureFlags next = edit.apply(current);
            return FlagText.diff(current, next).isEmpty() ? Optional.empty() : Optional.of(next);
        });
        if (result.written().isEmpty()) {
            out.println("no flag changed: nothing written");
            return;
        }
        FeatureFlags written = result.written().get();
        out.println("changed " + String.join(", ", FlagText.diff(result.before().orElseGet(this::environment),
                written)));
        out.println("now " + FlagText.describe(written));
    }

    private void show(boolean asJson) {
        FeatureFlags flags = latest();
        if (asJson) {
            out.println(json(flags));
            return;
        }
        out.print(FlagsReport.table(flags, store.topicName()));
    }

    private FeatureFlags check(String file) {
        FeatureFlags saved;
        try {
            saved = Json.MAPPER.readValue(Files.readString(Path.of(file)), FeatureFlags.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a saved flag state: " + e.getMessage());
        }
        Optional<String> problem = FlagEdits.problem(saved);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(file + " is not a usable flag state: " + problem.get());
        }
        return saved;
    }

    /** The start values a service would seed from this environment (the flag variables of {@code .env}). */
    private FeatureFlags environment() {
        return EnvironmentFlags.from(env::get, "the ep command", clock.instant());
    }

    private FeatureFlags latest() {
        return store.read().orElseThrow(FlagsCli::noFlags);
    }

    private static IllegalStateException noFlags() {
        return new IllegalStateException("no flags on " + Topics.FEATURE_FLAGS.name()
                + " yet: each service writes its environment's values there when it first starts");
    }

    private static String json(FeatureFlags flags) {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(flags);
    }
}
