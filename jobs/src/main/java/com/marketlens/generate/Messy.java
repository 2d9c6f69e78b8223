package com.marketlens.generate;

import com.marketlens.parse.TimeParsers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Writes correct values in the many ways scrapers write them (every form the input contract
 * accepts).
 */
final class Messy {

  private static final ZoneId SHANGHAI = TimeParsers.SHANGHAI;
  private static final DateTimeFormatter ISO_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter SLASH = DateTimeFormatter.ofPattern("yyyy/M/d H:mm");
  private static final DateTimeFormatter CHINESE = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

  private final Random rnd;

  Messy(Random rnd) {
    this.rnd = rnd;
  }

  boolean chance(double p) {
    return rnd.nextDouble() < p;
  }

  <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  /**
   * A minute-precision instant in one of seven forms; epoch forms as JSON numbers half of the time.
   */
  Object timestamp(Instant t) {
    ZonedDateTime local = t.atZone(SHANGHAI);
    return switch (rnd.nextInt(7)) {
      case 0 -> local.format(ISO_OFFSET);
      case 1 -> t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case 2 -> local.format(NAIVE);
      case 3 -> local.format(SLASH);
      case 4 -> local.format(CHINESE);
      case 5 ->
          rnd.nextBoolean() ? (Object) t.getEpochSecond() : String.valueOf(t.getEpochSecond());
      default -> rnd.nextBoolean() ? (Object) t.toEpochMilli() : String.valueOf(t.toEpochMilli());
    };
  }

  String date(LocalDate d) {
    return switch (rnd.nextInt(4)) {
      case 0 -> d.getYear() + "/" + d.getMonthValue() + "/" + d.getDayOfMonth();
      case 1 -> d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
      default -> d.toString();
    };
  }

  String month(LocalDate firstDay) {
    return rnd.nextInt(3) == 0
        ? firstDay.getYear() + "年" + firstDay.getMonthValue() + "月"
        : firstDay.toString().substring(0, 7);
  }

  /** A whole number: plain, with thousands separators, in 万, or in full-width digits. */
  Object count(long n) {
    return switch (rnd.nextInt(6)) {
      case 0 -> String.format("%,d", n);
      case 1 -> BigDecimal.valueOf(n).movePointLeft(4).stripTrailingZeros().toPlainString() + "万";
      case 2 -> fullWidth(Long.toString(n));
      case 3 -> n;
      default -> Long.toString(n);
    };
  }

  /** An amount in yuan: plain or in 亿 (for financials). */
  String amountYi(BigDecimal yuan) {
    return rnd.nextBoolean()
        ? yuan.movePointLeft(8).stripTrailingZeros().toPlainString() + "亿"
        : yuan.setScale(0, RoundingMode.HALF_UP).toPlainString();
  }

  /** A discount (share off list) as 30%, 0.3 or 7折 (pay 70%); none may be empty. */
  String discount(BigDecimal off) {
    if (off.signum() == 0) {
      return rnd.nextBoolean() ? "" : "0";
    }
    BigDecimal paidTenths = BigDecimal.ONE.subtract(off).movePointRight(1).stripTrailingZeros();
    return switch (rnd.nextInt(3)) {
      case 0 -> off.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
      case 1 -> off.stripTrailingZeros().toPlainString();
      default -> paidTenths.toPlainString() + "折";
    };
  }

  static String fullWidth(String ascii) {
    StringBuilder s = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      s.append(c >= '0' && c <= '9' ? (char) (c - '0' + '０') : c);
    }
    return s.toString();
  }
}
