package com.marketlens.quality;

import java.util.Locale;

/**
 * Why a scraped row was quarantined instead of loaded into silver. The lower-case {@link #code()}
 * is what the quarantine table stores; docs/data-quality.md describes each one with an example.
 */
public enum QuarantineReason {
  /** CSV record with an unterminated quote, or a JSON line that is not one flat JSON object. */
  MALFORMED_RECORD,
  /** CSV record whose field count differs from its file's header. */
  WRONG_COLUMN_COUNT,
  /** The file's header (or JSON object) lacks a column the contract requires. */
  MISSING_COLUMN,
  /** The bytes are not valid in the file's encoding (UTF-8, or GBK for *.gbk.csv). */
  BAD_ENCODING,
  /** A required value is empty or null. */
  MISSING_VALUE,
  /** A timestamp in none of the accepted formats, or not a real calendar time. */
  BAD_TIMESTAMP,
  /** A date, month or financial period in none of the accepted formats. */
  BAD_DATE,
  /** A number that cannot be read (after 万/亿, thousands separators and full-width digits). */
  BAD_NUMBER,
  /** A discount that is not `30%`, `0.3` or `7折`, or is 100% or more. */
  BAD_DISCOUNT,
  /** A price or cost unit that cannot be read, or does not fit the product. */
  BAD_UNIT,
  /** A currency that cannot be read, or disagrees with the currency in the unit. */
  BAD_CURRENCY,
  /** A value outside the contract's allowed values (segment, channel, event type, ...). */
  UNKNOWN_VALUE,
  /**
   * A value that cannot be true: negative price, count or cost, a non-positive rate, a time out of
   * range.
   */
  IMPOSSIBLE_VALUE,
  /** An IP address that is neither IPv4 nor IPv6. */
  BAD_IP,
  /** A relation from a user to the same user. */
  SELF_LOOP,
  /** An activity event earlier than the user's registration. */
  EVENT_BEFORE_REGISTRATION,
  /** No exchange rate in force for the currency on that date. */
  MISSING_FX_RATE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
