package com.marketlens.parse;

import static com.marketlens.quality.QuarantineReason.BAD_CURRENCY;
import static com.marketlens.quality.QuarantineReason.BAD_UNIT;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Price units written {@code <元|CNY|USD>/<GB|Mbps/月|vCPU/月|GB/月>} and currency names. Each product
 * has one canonical quantity; silver stores prices in CNY per that quantity.
 */
public final class UnitParsers {

  /** The canonical billed quantity of each product (what one unit of price buys). */
  public static final Map<String, String> PRODUCT_QUANTITY =
      Map.of(
          "cdn", "GB", "bandwidth", "Mbps/month", "compute", "vCPU/month", "storage", "GB/month");

  private static final Map<String, String> QUANTITIES =
      Map.of(
          "gb", "GB",
          "mbps/month", "Mbps/month",
          "vcpu/month", "vCPU/month",
          "gb/month", "GB/month");

  private static final Map<String, String> CURRENCY_NAMES =
      Map.of(
          "元", "CNY", "rmb", "CNY", "人民币", "CNY", "¥", "CNY", "美元", "USD", "$", "USD", "us$",
          "USD");

  private static final Pattern ISO_CURRENCY = Pattern.compile("[a-z]{3}");

  /** A unit read from text: the price currency and the canonical quantity. */
  public record PriceUnit(String currency, String quantity) {}

  private UnitParsers() {}

  /** Reads a currency: 元, RMB, 人民币 and ¥ are CNY; 美元 and $ are USD; other ISO codes as written. */
  public static String currency(String raw) throws Reject {
    String s = Text.clean(raw);
    if (s == null) {
      throw new Reject(BAD_CURRENCY, "empty currency");
    }
    String key = s.toLowerCase(Locale.ROOT);
    String known = CURRENCY_NAMES.get(key);
    if (known != null) {
      return known;
    }
    if (ISO_CURRENCY.matcher(key).matches()) {
      return key.toUpperCase(Locale.ROOT);
    }
    throw new Reject(BAD_CURRENCY, "unreadable currency: " + s);
  }

  /** Reads a unit and checks that its quantity is the product's canonical one. */
  public static PriceUnit priceUnit(String raw, String product) throws Reject {
    String s = Text.clean(raw);
    if (s == null) {
      throw new Reject(BAD_UNIT, "empty unit");
    }
    String compact = s.replace(" ", "").replace("·", "/");
    int slash = compact.indexOf('/');
    if (slash <= 0) {
      throw new Reject(BAD_UNIT, "unit without currency/quantity: " + s);
    }
    String currency;
    try {
      currency = currency(compact.substring(0, slash));
    } catch (Reject e) {
      throw new Reject(BAD_UNIT, "unreadable unit currency: " + s);
    }
    String quantityText =
        compact.substring(slash + 1).toLowerCase(Locale.ROOT).replace("月", "month");
    String quantity = QUANTITIES.get(quantityText);
    if (quantity == null) {
      throw new Reject(BAD_UNIT, "unknown unit quantity: " + s);
    }
    String expected = PRODUCT_QUANTITY.get(product);
    if (!quantity.equals(expected)) {
      throw new Reject(
          BAD_UNIT, "unit " + s + " does not fit product " + product + " (per " + expected + ")");
    }
    return new PriceUnit(currency, quantity);
  }

  /** The currency of a priced row: the currency column and the unit's currency must agree. */
  public static String priceCurrency(String currencyColumn, PriceUnit unit) throws Reject {
    if (Text.clean(currencyColumn) == null) {
      return unit.currency();
    }
    String column = currency(currencyColumn);
    if (!column.equals(unit.currency())) {
      throw new Reject(
          BAD_CURRENCY, "currency " + column + " disagrees with unit currency " + unit.currency());
    }
    return column;
  }
}
