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
    return switch (column.format()) {
      case "text", "user_id", "unit" -> cleaned;
      case "enum" -> allowed(column, token(cleaned));
      case "segment" -> token(cleaned);
      case "site", "vendor", "actor" -> aliases.canonical(column.format(), cleaned);
      case "region" -> NameAliases.normalize(cleaned);
      case "timestamp" -> TimeParsers.timestamp(cleaned);
      case "date" -> TimeParsers.date(cleaned);
      case "month" -> TimeParsers.month(cleaned);
      case "period" -> Period.parse(cleaned);
      case "count" -> NumberParsers.count(cleaned);
      case "amount" -> NumberParsers.nonNegativeDecimal(cleaned);
      case "discount" -> NumberParsers.discount(cleaned);
      case "currency" -> UnitParsers.currency(cleaned);
      case "ip" -> IpAddresses.parse(cleaned);
      default -> throw new IllegalStateException("no reader for format " + column.format());
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
