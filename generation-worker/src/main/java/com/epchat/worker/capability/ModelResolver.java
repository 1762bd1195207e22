package com.epchat.worker.capability;

import com.epchat.deepseek.DeepSeekException;
import com.epchat.pricing.ModelSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a logical model to an API model the provider lists now, with what it can do. The list
 * ({@code GET /models}) is probed at start and every {@code MODEL_CAPABILITY_CACHE_TTL}; what a call
 * taught (an id the provider refused, a {@code max_tokens} it rejected, prefix completion it does not
 * take) is remembered until the next probe. Each step down a model's fallback chain counts in
 * {@code ep_chat_model_fallbacks_total{from,to}}.
 */
public final class ModelResolver {

    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);

    /** The provider's model listing. */
    @FunctionalInterface
    public interface ModelLister {
        List<String> listModels() throws DeepSeekException;
    }

    /** The API model chosen for a logical one, and what it can do. */
    public record Resolved(String apiModel, ModelCapabilities capabilities, boolean fallback) {
    }

    private final ModelLister lister;
    private final Duration ttl;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Map<String, ModelCapabilities> learned = new ConcurrentHashMap<>();
    private volatile Set<String> listed = Set.of();
    private volatile Instant probedAt = Instant.MIN;

    public ModelResolver(ModelLister lister, Duration ttl, Clock clock, MeterRegistry meters) {
        this.lister = lister;
        this.ttl = ttl;
        this.clock = clock;
        this.meters = meters;
    }

    /** The first id of the chain that is listed and not refused, if any. */
    public Optional<Resolved> resolve(ModelSpec model) {
        Set<String> available = available();
        List<String> chain = model.apiModels();
        for (String id : chain) {
            if (available.contains(id) && !refused.contains(id)) {
                boolean fallback = !id.equals(chain.get(0));
                if (fallback) {
                    meters.counter("ep_chat_model_fallbacks", "from", chain.get(0), "to", id).increment();
                }
                return Optional.of(new Resolved(id, capabilities(id), fallback));
            }
        }
        return Optional.empty();
    }

    public ModelCapabilities capabilities(String apiModel) {
        return learned.getOrDefault(apiModel, ModelCapabilities.of(apiModel));
    }

    /** A call said this id does not exist: hold it out until the next probe. */
    public void markRefused(String apiModel) {
        log.warn("provider refused model {}: falling back until the next capability probe", apiModel);
        refused.add(apiModel);
    }

    /** A call's {@code max_tokens} was rejected (422): ask for DeepSeek's default of 4K from now on. */
    public void downgradeOutputCap(String apiModel) {
        ModelCapabilities now = capabilities(apiModel);
        int lower = Math.min(4_096, now.outputCapPerCall() / 2);
        log.warn("provider rejected max_tokens {} for {}: downgrading to {}", now.outputCapPerCall(), apiModel, lower);
        learned.put(apiModel, now.withOutputCap(Math.max(1, lower)));
    }

    /** Prefix completion was refused: continue this model's answers with a continuation turn. */
    public void markNoPrefixCompletion(String apiModel) {
        log.warn("provider refused prefix completion for {}: continuing with a continuation turn", apiModel);
        learned.put(apiModel, capabilities(apiModel).withoutPrefixCompletion());
    }

    /** Probes now; called at start so the first job does not wait for it. */
    public void probe() {
        probe(clock.instant());
    }

    private Set<String> available() {
        Instant now = clock.instant();
        if (probedAt.plus(ttl).isBefore(now)) {
            synchronized (this) {
                if (probedAt.plus(ttl).isBefore(now)) {
                    probe(now);
                }
            }
        }
        return listed;
    }

    private void probe(Instant now) {
        try {
            listed = Set.copyOf(lister.listModels());
            refused.clear();
            learned.clear();
            probedAt = now;
            log.info("capability probe: provider lists {}", listed);
        } catch (DeepSeekException e) {
            // keep the last known list; try again on the next job
            log.warn("capability probe failed ({}): keeping {}", e.kind(), listed);
        }
    }
}
