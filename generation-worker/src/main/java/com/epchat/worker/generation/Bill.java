package com.epchat.worker.generation;

import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;

/** What one provider call cost: its tokens, their exact price, and whether the tokens were estimated. */
record Bill(TokenUsage tokens, Usd cost, boolean estimated) {

    static final Bill NOTHING = new Bill(TokenUsage.NONE, Usd.ZERO, false);
}
