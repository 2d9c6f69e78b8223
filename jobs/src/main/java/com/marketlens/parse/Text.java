package com.marketlens.parse;

import java.text.Normalizer;

/** Shared text clean-up for scraped values. */
public final class Text {

  private Text() {}

  /**
   * NFKC-normalizes (full-width digits, letters and punctuation become ASCII: `２０１５` is `2015`, `：`
   * is `:`), drops a byte order mark and trims. Returns null for null or blank input.
   */
  public static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).replace("\uFEFF", "").strip();
    return s.isEmpty() ? null : s;
  }
}
