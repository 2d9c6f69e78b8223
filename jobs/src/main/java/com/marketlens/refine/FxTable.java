package com.marketlens.refine;

import static com.marketlens.quality.QuarantineReason.MISSING_FX_RATE;

import com.marketlens.parse.Reject;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exchange rates as of a date: the rate in force on a day is the latest one dated on or before it.
 * CNY is always 1. Built from silver fx_rates, a small dimension table, and shipped to executors
 * with the task.
 */
public final class FxTable implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, TreeMap<LocalDate, BigDecimal>> rates = new HashMap<>();

  public void put(String currency, LocalDate from, BigDecimal cnyPerUnit) {
    rates.computeIfAbsent(currency, c -> new TreeMap<>()).put(from, cnyPerUnit);
  }

  /** Yuan per unit of {@code currency} in force on {@code day}. */
  public BigDecimal rate(String currency, LocalDate day) throws Reject {
    if ("CNY".equals(currency)) {
      return BigDecimal.ONE;
    }
    TreeMap<LocalDate, BigDecimal> series = rates.get(currency);
    Map.Entry<LocalDate, BigDecimal> inForce = series == null ? null : series.floorEntry(day);
    if (inForce == null) {
      throw new Reject(MISSING_FX_RATE, "no " + currency + " rate in force on " + day);
    }
    return inForce.getValue();
  }
}
