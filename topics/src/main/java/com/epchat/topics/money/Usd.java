package com.epchat.topics.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount of US dollars. Never rounded: costs are token counts times decimal prices, so
 * every sum from estimate to finance topic is exact. On the wire it is a JSON string such as
 * {@code "0.0014"} so that no consumer, in any language, reads it into a binary float.
 */
public record Usd(BigDecimal amount) implements Comparable<Usd> {

    public static final Usd ZERO = new Usd(BigDecimal.ZERO);

    public Usd {
        Objects.requireNonNull(amount, "amount");
        amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }

    @JsonCreator
    public static Usd of(String amount) {
        return new Usd(new BigDecimal(amount));
    }

    public static Usd of(BigDecimal amount) {
        return new Usd(amount);
    }

    /** Micro-dollars, for metrics and reports that need an integer. */
    public static Usd ofMicros(long micros) {
        return new Usd(BigDecimal.valueOf(micros, 6));
    }

    public Usd plus(Usd other) {
        return new Usd(amount.add(other.amount));
    }

    public Usd minus(Usd other) {
        return new Usd(amount.subtract(other.amount));
    }

    public Usd times(long factor) {
        return new Usd(amount.multiply(BigDecimal.valueOf(factor)));
    }

    public Usd max(Usd other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Usd min(Usd other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public boolean isGreaterThan(Usd other) {
        return compareTo(other) > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    @Override
    public int compareTo(Usd other) {
        return amount.compareTo(other.amount);
    }

    @JsonValue
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Usd other && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.hashCode();
    }

    @Override
    public String toString() {
        return "$" + toPlainString();
    }
}
