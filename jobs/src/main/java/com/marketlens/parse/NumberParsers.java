package com.marketlens.parse;

import static com.marketlens.quality.QuarantineReason.BAD_DISCOUNT;
import static com.marketlens.quality.QuarantineReason.BAD_NUMBER;
import static com.marketlens.quality.QuarantineReason.IMPOSSIBLE_VALUE;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as scrapers write them: thousands separators ({@code 1,234}), full-width digits, Chinese
 * magnitudes ({@code 1,234万} = 12,340,000; {@code 1.2亿} = 120,000,000) and discounts ({@code 30%},
 * {@code 0.3}, {@code 7折}).
 */
public final class NumberParsers {

  private static final Pattern NUMBER =
      Pattern.compile(
          "([+-]?)(\\d{1,3}(?:,\\d{3})+|\\d+)?(\\.\\d+)?(?:[eE]([+-]?\\d{1,3}))?([千万亿]?)");

  private static final Pattern ZHE = Pattern.compile("(\\d+(?:\\.\\d+)?)折");

  private static final String CHINESE_DIGITS = "〇一二三四五六七八九";

  private NumberParsers() {}

  /** Reads a decimal number, applying 千/万/亿 magnitudes. */
  public static BigDecimal decimal(String raw) throws Reject {
    String s = Text.clean(raw);
    if (s == null) {
      throw new Reject(BAD_NUMBER, "empty number");
    }
    String compact = s.replace(" ", "");
    Matcher m = NUMBER.matcher(compact);
    if (!m.matches() || (m.group(2) == null && m.group(3) == null)) {
      throw new Reject(BAD_NUMBER, "unreadable number: " + s);
    }
    String digits =
        (m.group(2) == null ? "0" : m.group(2).replace(",", ""))
            + (m.group(3) == null ? "" : m.group(3))
            + (m.group(4) == null ? "" : "E" + m.group(4));
    BigDecimal value = new BigDecimal(digits);
    switch (m.group(5)) {
      case "千" -> value = value.scaleByPowerOfTen(3);
      case "万" -> value = value.scaleByPowerOfTen(4);
      case "亿" -> value = value.scaleByPowerOfTen(8);
      default -> {}
    }
    value = "-".equals(m.group(1)) ? value.negate() : value;
    return normalized(value);
  }

  /** Reads a non-negative decimal (a price, cost, revenue or rate). */
  public static BigDecimal nonNegativeDecimal(String raw) throws Reject {
    BigDecimal value = decimal(raw);
    if (value.signum() < 0) {
      throw new Reject(IMPOSSIBLE_VALUE, "negative value: " + Text.clean(raw));
    }
    return value;
  }

  /** Reads a non-negative whole number, e.g. daily IPs {@code 1,234万}. */
  public static long count(String raw) throws Reject {
    BigDecimal value = nonNegativeDecimal(raw);
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new Reject(BAD_NUMBER, "not a whole number: " + Text.clean(raw));
    }
  }

  /**
   * Reads a discount as the share taken off the list price, in [0, 1). {@code 30%} and {@code 0.3}
   * are 30% off; {@code 7折} means paying 70% of list, so 30% off ({@code 75折} and {@code 7.5折}: 25%
   * off). Empty means no discount.
   */
  public static BigDecimal discount(String raw) throws Reject {
    String s = Text.clean(raw);
    if (s == null) {
      return BigDecimal.ZERO;
    }
    s = replaceChineseDigits(s.replace(" ", ""));
    BigDecimal off;
    try {
      if (s.endsWith("%")) {
        off = new BigDecimal(s.substring(0, s.length() - 1)).movePointLeft(2);
      } else if (s.endsWith("折")) {
        Matcher m = ZHE.matcher(s);
        if (!m.matches()) {
          throw new Reject(BAD_DISCOUNT, "unreadable discount: " + s);
        }
        BigDecimal paid = new BigDecimal(m.group(1));
        // 7折 and 7.5折 count tenths of the list price; 75折 and 85折 count hundredths.
        paid = paid.compareTo(BigDecimal.TEN) <= 0 ? paid.movePointLeft(1) : paid.movePointLeft(2);
        off = BigDecimal.ONE.subtract(paid);
      } else {
        off = new BigDecimal(s);
        if (off.compareTo(BigDecimal.ONE) > 0) {
          throw new Reject(BAD_DISCOUNT, "ambiguous discount (write 30% or 0.3): " + s);
        }
      }
    } catch (NumberFormatException e) {
      throw new Reject(BAD_DISCOUNT, "unreadable discount: " + s);
    }
    if (off.signum() < 0 || off.compareTo(BigDecimal.ONE) >= 0) {
      throw new Reject(BAD_DISCOUNT, "discount outside [0%, 100%): " + s);
    }
    return normalized(off);
  }

  /**
   * Drops trailing zeros but never writes a whole number in exponent form (1.2亿 stays 120000000).
   */
  private static BigDecimal normalized(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static String replaceChineseDigits(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      int digit = CHINESE_DIGITS.indexOf(c);
      out.append(digit >= 0 ? (char) ('0' + digit) : c);
    }
    return out.toString();
  }
}
