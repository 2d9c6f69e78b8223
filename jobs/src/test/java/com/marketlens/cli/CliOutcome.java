package com.marketlens.cli;

import com.marketlens.MarketLens;
import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process command line printed and returned (the CLI tests' shared helper). */
record CliOutcome(int exitCode, String out, String err) {

  static CliOutcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MarketLens.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliOutcome(code, out.toString(), err.toString());
  }
}
