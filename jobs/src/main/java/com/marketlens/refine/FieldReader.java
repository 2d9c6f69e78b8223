package com.marketlens.refine;

import static com.marketlens.quality.QuarantineReason.MISSING_VALUE;
import static com.marketlens.quality.QuarantineReason.UNKNOWN_VALUE;

import com.marketlens.parse.IpAddresses;
import com.marketlens.parse.NumberParsers;
import com.marketlens.parse.Period;
import com.marketlens.parse.Reject;
import com.marketlens.parse.Text;
import com.marketlens.parse.TimeParsers;
import com.marketlens.parse.UnitParsers;
import com.marketlens.schema.ColumnSpec;
import com.marketlens.schema.InputFormat;
import com.marketlens.schema.NameAliases;
import java.util.Locale;

/**
 * Reads one input value by its contract format (see schemas/input/*.json and docs/data-quality.md):
 * required values must be present, enum values must be allowed, and each format has one parser.
 */
final class FieldReader {

  private FieldReader() {}

  static Object read(ColumnSpec column, String raw, NameAliases aliases) throws Reject {
    String cleaned = Text.clean(raw);
    if (cleaned == null) {
      if (!column.nullable()) {
        throw new Reject(MISSING_VALUE, column.name() + " is empty");
      }
      return null;
    }
    return switch (InputFormat.of(column.format())) {
      case TEXT, USER_ID, UNIT -> cleaned;
      case ENUM -> allowed(column, token(cleaned));
      case SEGMENT -> token(cleaned);
      case SITE, VENDOR, ACTOR -> aliases.canonical(column.format(), cleaned);
      case REGION -> NameAliases.normalize(cleaned);
      case TIMESTAMP -> TimeParsers.timestamp(cleaned);
      case DATE -> TimeParsers.date(cleaned);
      case MONTH -> TimeParsers.month(cleaned);
      case PERIOD -> Period.parse(cleaned);
      case COUNT -> NumberParsers.count(cleaned);
      case AMOUNT -> NumberParsers.nonNegativeDecimal(cleaned);
      case DISCOUNT -> NumberParsers.discount(cleaned);
      case CURRENCY -> UnitParsers.currency(cleaned);
      case IP -> IpAddresses.parse(cleaned);
    };
  }

  /** Lower case with spaces and hyphens as underscores: "White Collar" is white_collar. */
  private static String token(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
  }

  private static String allowed(ColumnSpec column, String value) throws Reject {
    if (!column.allowed().isEmpty() && !column.allowed().contains(value)) {
      throw new Reject(
          UNKNOWN_VALUE, column.name() + " `" + value + "` is not one of " + column.allowed());
    }
    return value;
  }
}
