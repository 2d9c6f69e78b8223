package com.marketlens.parse;

import static com.marketlens.quality.QuarantineReason.BAD_DATE;
import static com.marketlens.quality.QuarantineReason.BAD_TIMESTAMP;
import static com.marketlens.quality.QuarantineReason.IMPOSSIBLE_VALUE;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Timestamps, dates and months as scrapers write them. Naive times are Asia/Shanghai wall-clock
 * times; all parsing is strict (no 30 February). Accepted forms are listed in docs/data-quality.md.
 */
public final class TimeParsers {

  /** The market's time zone: naive times are read in it, and months and cohorts are its months. */
  public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Times outside this window are taken as garbage (a truncated epoch, a year typo). */
  private static final Instant EARLIEST = Instant.parse("1995-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  private static final Pattern DIGITS = Pattern.compile("\\d{9,13}");

  // ISO 8601 with 'T' or a space, optional seconds, fraction and offset (Z, +08:00, +0800, +08).
  private static final DateTimeFormatter ISO_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendPattern("HH:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  private static final List<DateTimeFormatter> NAIVE_TIMES =
      List.of(
          strict("uuuu/M/d H:mm[:ss]"),
          strict("uuuu年M月d日[ ]H:mm[:ss]"),
          strict("uuuu年M月d日[ ]H时m分[s秒]"));

  private static final List<DateTimeFormatter> DATES =
      List.of(strict("uuuu-M-d"), strict("uuuu/M/d"), strict("uuuu年M月d日"));

  private static final List<DateTimeFormatter> MONTHS =
      List.of(strict("uuuu-M"), strict("uuuu/M"), strict("uuuu年M月"));

  private TimeParsers() {}

  private static DateTimeFormatter strict(String pattern) {
    return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
  }

  /**
   * Reads a point in time: ISO 8601 with or without offset, {@code 2009/7/1 8:05}, {@code 2009年7月1日
   * 08:05}, a bare date (midnight), or epoch seconds (9-10 digits) or milliseconds (12-13 digits).
   */
  public static Instant timestamp(String raw) throws Reject {
    String s = Text.clean(raw);
    if (s == null) {
      throw new Reject(BAD_TIMESTAMP, "empty timestamp");
    }
    Instant instant = parseInstant(s);
    if (instant == null) {
      throw new Reject(BAD_TIMESTAMP, "unreadable timestamp: " + s);
    }
    if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
      throw new Reject(IMPOSSIBLE_VALUE, "timestamp out of range 1995-2099: " + s);
    }
    return instant;
  }

  private static Instant parseInstant(String s) {
    if (DIGITS.matcher(s).matches()) {
      long value = Long.parseLong(s);
      // 11 digits are ambiguous (year 5138 in seconds, 1973 in ms); both are out of range anyway.
      return s.length() >= 12 ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }
    try {
      TemporalAccessor t = ISO_TIME.parse(s);
      if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
        return OffsetDateTime.from(t).toInstant();
      }
      return LocalDateTime.from(t).atZone(SHANGHAI).toInstant();
    } catch (DateTimeException ignored) {
      // not ISO with a time; try the other forms
    }
    for (DateTimeFormatter f : NAIVE_TIMES) {
      try {
        return LocalDateTime.parse(s, f).atZone(SHANGHAI).toInstant();
      } catch (DateTimeException ignored) {
        // next form
      }
    }
    LocalDate date = tryDate(s);
    return date == null ? null : date.atStartOfDay(SHANGHAI).toInstant();
  }

  /** Reads a calendar date: {@code 2015-03-01}, {@code 2015/3/1} or {@code 2015年3月1日}. */
  public static LocalDate date(String raw) throws Reject {
    String s = Text.clean(raw);
    LocalDate date = s == null ? null : tryDate(s);
    if (date == null) {
      throw new Reject(BAD_DATE, "unreadable date: " + s);
    }
    return date;
  }

  /**
   * Reads a month as its first day: {@code 2015-03}, {@code 2015/3}, {@code 2015年3月}; a full date
   * is accepted only when it is the first of the month.
   */
  public static LocalDate month(String raw) throws Reject {
    String s = Text.clean(raw);
    if (s != null) {
      for (DateTimeFormatter f : MONTHS) {
        try {
          return YearMonth.parse(s, f).atDay(1);
        } catch (DateTimeException ignored) {
          // next form
        }
      }
      LocalDate date = tryDate(s);
      if (date != null && date.getDayOfMonth() == 1) {
        return date;
      }
    }
    throw new Reject(BAD_DATE, "unreadable month: " + s);
  }

  private static LocalDate tryDate(String s) {
    for (DateTimeFormatter f : DATES) {
      try {
        return LocalDate.parse(s, f);
      } catch (DateTimeException ignored) {
        // next form
      }
    }
    return null;
  }
}
