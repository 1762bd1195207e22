package com.epchat.deepseek;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The provider account's balance from {@code GET /user/balance}: whether it can serve calls, and the
 * amounts per currency (exact; the API sends them as strings).
 */
public record Balance(boolean available, List<CurrencyBalance> balances) {

    public Balance {
        balances = List.copyOf(balances);
    }

    /** One currency's amounts: total = granted + topped up. */
    public record CurrencyBalance(String currency, BigDecimal totalBalance, BigDecimal grantedBalance,
                                  BigDecimal toppedUpBalance) {
    }

    public Optional<CurrencyBalance> in(String currency) {
        return balances.stream().filter(b -> b.currency().equalsIgnoreCase(currency)).findFirst();
    }
}
