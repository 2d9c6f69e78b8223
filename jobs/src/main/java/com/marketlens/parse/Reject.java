package com.marketlens.parse;

import com.marketlens.quality.QuarantineReason;

/**
 * Thrown by the parsers when a value breaks the input contract; the row goes to quarantine with
 * this reason. It is expected control flow on messy data, so it carries no stack trace.
 */
public final class Reject extends Exception {

  private final QuarantineReason reason;

  public Reject(QuarantineReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public QuarantineReason reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
