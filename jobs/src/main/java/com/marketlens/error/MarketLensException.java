package com.marketlens.error;

/**
 * A user-facing error: bad input paths, options, contracts or data that breaks a run's quality
 * gate. Its message says what is wrong, with the offending value, and how to fix it; the CLI prints
 * just the message (no stack trace) and exits non-zero. Build them through {@link Errors}.
 */
public class MarketLensException extends RuntimeException {

  /** How the CLI should report the failure. */
  public enum Kind {
    /** The command line, configuration or a contract file is wrong: exit code 2. */
    USAGE,
    /**
     * The inputs or the data broke a rule of the run (quarantine limit, reconciliation): exit code
     * 1.
     */
    DATA
  }

  private final Kind kind;

  MarketLensException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  MarketLensException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
