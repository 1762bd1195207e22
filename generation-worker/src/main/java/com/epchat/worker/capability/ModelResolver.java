package com.epchat.worker.capability;

import com.epchat.deepseek.DeepSeekException;
import com.epchat.pricing.ModelSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a logical model to an API model id the provider lists now. The list ({@code GET /models})
 * is cached for {@code MODEL_CAPABILITY_CACHE_TTL}; an id a call reported unknown is held out until
 * the next probe. Each step down a model's fallback chain counts in {@code ep_chat_model_fallbacks_total}.
 */
public final class ModelResolver {

    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);

    /** The provider's model listing. */
    @FunctionalInterface
    public interface ModelLister {
        List<String> listModels() throws DeepSeekException;
    }

    private final ModelLister lister;
    private final Duration ttl;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile Set<String> listed = Set.of();
    private volatile Instant probedAt = Instant.MIN;

    public ModelResolver(ModelLister lister, Duration ttl, Clock clock, MeterRegistry meters) {
        this.lister = lister;
        this.ttl = ttl;
        this.clock = clock;
        this.meters = meters;
    }

    /** The first id of the chain that is listed and not refused, if any. */
    public Optional<String> resolve(ModelSpec model) {
        Set<String> available = available();
        List<String> chain = model.apiModels();
        for (String id : chain) {
            if (available.contains(id) && !refused.contains(id)) {
                if (!id.equals(chain.get(0))) {
                    meters.counter("ep_chat_model_fallbacks", "from", chain.get(0), "to", id).increment();
                }
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** A call said this id does not exist: hold it out until the next probe. */
    public void markRefused(String apiModel) {
        log.warn("provider refused model {}: falling back until the next capability probe", apiModel);
        refused.add(apiModel);
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
            probedAt = now;
            log.info("capability probe: provider lists {}", listed);
        } catch (DeepSeekException e) {
            // keep the last known list; try again on the next job
            log.warn("capability probe failed ({}): keeping {}", e.kind(), listed);
        }
    }
}
