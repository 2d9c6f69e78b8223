package com.marketlens.parse;

import static com.marketlens.quality.QuarantineReason.BAD_DATE;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A financial reporting period: a year ({@code 2020}), a half ({@code 2020H1}) or a quarter ({@code
 * 2020Q4}), with its first and last day.
 */
public record Period(String label, String type, int year, LocalDate start, LocalDate end) {

  private static final Pattern FORM = Pattern.compile("(\\d{4})(?:年|FY)?(?:[-_/]?([QH])([1-4]))?");

  /** Reads {@code 2020}, {@code 2020年}, {@code 2020Q4}, {@code 2020-q4}, {@code 2020 H1}. */
  public static Period parse(String raw) throws Reject {
    String s = Text.clean(raw);
    Matcher m = s == null ? null : FORM.matcher(s.replace(" ", "").toUpperCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new Reject(BAD_DATE, "unreadable financial period: " + s);
    }
    int year = Integer.parseInt(m.group(1));
    if (m.group(2) == null) {
      return new Period(
          m.group(1), "year", year, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }
    int n = Integer.parseInt(m.group(3));
    int months = "Q".equals(m.group(2)) ? 3 : 6;
    if (n > 12 / months) {
      throw new Reject(BAD_DATE, "no such financial period: " + s);
    }
    LocalDate start = LocalDate.of(year, (n - 1) * months + 1, 1);
    String type = months == 3 ? "quarter" : "half";
    return new Period(
        year + m.group(2) + n, type, year, start, start.plusMonths(months).minusDays(1));
  }
}
