package com.marketlens.config;

import java.util.stream.Collectors;

/**
 * docs/configuration.md, rendered from {@link Settings} ({@code bin/marketlens contracts
 * --config-doc docs/configuration.md}); a test fails when the committed file drifts.
 */
public final class ConfigurationDocs {

  private ConfigurationDocs() {}

  public static String markdown() {
    String rows =
        Settings.ALL.stream()
            .map(
                s ->
                    "| `"
                        + s.key()
                        + "` | "
                        + defaultText(s)
                        + " | "
                        + s.expected()
                        + " | "
                        + s.doc()
                        + " |")
            .collect(Collectors.joining("\n"));
    return """
        # Configuration

        Rendered from `jobs/src/main/java/com/marketlens/config/Settings.java` by `bin/marketlens contracts
        --config-doc docs/configuration.md`; a test fails when this file drifts.

        Precedence, highest first: command-line options (`--input`, `--warehouse`, `--exports`, `--schemas`,
        `--run-date`, `--set key=value`) > environment (`MARKETLENS_SALT`) > the `--conf` file > built-in
        defaults. Without `--conf` the built-in defaults are the local ones (`conf/local.properties` spells
        them out). Keys under `spark.` are passed to the SparkSession (settings given to `spark-submit` come
        first; the file overrides them). An unknown `marketlens.*` key is an error, so typos do not pass
        silently, and so is a value a setting cannot take (one line naming the key, the value and the
        expected form). The effective configuration is logged once at start, with the salt and any key
        containing `secret`, `password`, `credential`, `access.key` or `token` masked.

        | key | default | values | meaning |
        |---|---|---|---|
        %s

        Local runs without a salt use a fixed development salt and log a warning: pseudonyms are then not
        secret. The salt is at least 16 characters, is never logged, and is never a command-line option
        (process lists would show it). Changing the salt changes every pseudonym: rebuild silver from bronze
        when you rotate it.

        `spark.sql.session.timeZone` is always Asia/Shanghai: months, weeks and cohorts are Shanghai periods,
        so another value (in the file, with `--set` or from `spark-submit`) is refused.

        `--run-date` (default: today in Asia/Shanghai) is the logical date of a run: files scraped after it
        are left for a later run, and silver is rebuilt from the bronze rows scraped up to it. Rerunning the
        same run date is idempotent.
        """
        .formatted(rows);
  }

  private static String defaultText(Setting<?> s) {
    if (s.defaultValue() == null) {
      return "none";
    }
    return s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
  }
}
