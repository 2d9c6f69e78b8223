package com.marketlens.schema;

import java.util.Arrays;
import java.util.Locale;

/**
 * The raw formats an input column may declare ({@code "format"} in schemas/input/*.json), each read
 * by one parser (refine's FieldReader switches over them, so a new format cannot go unread).
 */
public enum InputFormat {
  TEXT,
  USER_ID,
  UNIT,
  ENUM,
  SEGMENT,
  SITE,
  VENDOR,
  ACTOR,
  REGION,
  TIMESTAMP,
  DATE,
  MONTH,
  PERIOD,
  COUNT,
  AMOUNT,
  DISCOUNT,
  CURRENCY,
  IP;

  /** As contracts spell it: {@code user_id}, {@code timestamp}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a contract names, or null when there is none of that name. */
  public static InputFormat of(String code) {
    return Arrays.stream(values()).filter(f -> f.code().equals(code)).findFirst().orElse(null);
  }
}
