package com.epchat.flags;

import com.epchat.topics.event.FeatureFlags;

/** Told when the live flags change, on the watcher's thread: keep it quick. */
@FunctionalInterface
public interface FlagListener {

    void onChange(FeatureFlags before, FeatureFlags after);
}
