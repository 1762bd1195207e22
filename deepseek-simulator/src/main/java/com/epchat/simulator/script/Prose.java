package com.epchat.simulator.script;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a seeded PRNG into English-looking prose, one token per word. Each token is a word plus a trailing space,
 * sometimes with a comma or full stop before the space; sentences start with a capital letter and the last token
 * ends a sentence. Same seed and length, same tokens, on every JVM.
 */
final class Prose {

    private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he this are or "
            + "his from at which but have an they you were her she there been one all we their has would when if "
            + "will more no out so what up can about them into than only other time new some could these two may "
            + "first then do any like my now over such our man me even most made after also did many before must "
            + "through back years where much your way well down should because each just those people how too "
            + "little state good very make world still own see men work long get here between both life being "
            + "under never day same another know while last might us great old year off come since against go "
            + "came right used take three river stream budget token model answer signal harbor lantern meadow "
            + "quiet careful measure reason window garden letter number simple system market winter summer morning "
            + "evening silver ocean mountain village machine pattern question journey balance method").split(" ");

    private static final int COMMA_PERCENT = 7;
    private static final int STOP_PERCENT = 6;

    private Prose() {
    }

    static List<String> tokens(SplittableRandom random, int count) {
        List<String> tokens = new ArrayList<>(count);
        boolean sentenceStart = true;
        for (int i = 0; i < count; i++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            int roll = random.nextInt(100);
            boolean last = i == count - 1;
            String punctuation = last || roll < STOP_PERCENT ? "." : roll < STOP_PERCENT + COMMA_PERCENT ? "," : "";
            tokens.add(word + punctuation + " ");
            sentenceStart = ".".equals(punctuation);
        }
        return tokens;
    }
}
