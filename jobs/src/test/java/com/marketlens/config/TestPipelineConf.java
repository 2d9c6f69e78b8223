package com.marketlens.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.error.MarketLensException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration precedence, validation and secret handling. */
class TestPipelineConf {

  @TempDir Path tmp;

  private Path file(String text) throws IOException {
    return Files.writeString(tmp.resolve("run.properties"), text);
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path f =
        file(
            "marketlens.warehouse=/from/file\nmarketlens.input=/in/file\nmarketlens.privacy.salt=file-salt-0123456789\n"
                + "spark.sql.shuffle.partitions=7\n");
    Map<String, String> cli = new HashMap<>();
    cli.put("marketlens.warehouse", "/from/cli");
    cli.put("marketlens.input", null);
    PipelineConf conf =
        PipelineConf.resolve(
            f, Map.of("MARKETLENS_SALT", "env-salt-0123456789ab"), cli, "2024-02-29");
    assertThat(conf.warehouse()).isEqualTo("/from/cli");
    assertThat(conf.input()).isEqualTo("/in/file");
    assertThat(conf.salt()).isEqualTo("env-salt-0123456789ab");
    assertThat(conf.sparkConf()).containsEntry("spark.sql.shuffle.partitions", "7");
    assertThat(conf.runDate()).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(conf.maxQuarantineShare()).isEqualTo(0.25);
    PipelineConf fileOnly = PipelineConf.resolve(f, Map.of(), Map.of(), null);
    assertThat(fileOnly.salt()).isEqualTo("file-salt-0123456789");
    assertThat(fileOnly.warehouse()).isEqualTo("/from/file");
  }

  @Test
  void localPathsBecomeAbsoluteAndUrisStay() {
    PipelineConf conf =
        PipelineConf.resolve(
            null,
            Map.of(),
            Map.of("marketlens.warehouse", "s3a://lake/wh", "marketlens.input", "data/sample"),
            null);
    assertThat(conf.warehouse()).isEqualTo("s3a://lake/wh");
    assertThat(conf.input()).isEqualTo(Path.of("data/sample").toAbsolutePath().toString());
    assertThat(conf.usesDevelopmentSalt()).isTrue();
  }

  @Test
  void theSaltNeverShowsInTheLoggedConfiguration() throws IOException {
    Path f =
        file(
            "marketlens.privacy.salt=super-secret-salt-value\nspark.hadoop.fs.s3a.secret.key=AKIA-SECRET\n");
    String described = PipelineConf.resolve(f, Map.of(), Map.of(), null).describe();
    assertThat(described)
        .doesNotContain("super-secret-salt-value")
        .doesNotContain("AKIA-SECRET")
        .contains("marketlens.privacy.salt=****")
        .contains("spark.hadoop.fs.s3a.secret.key=****");
  }

  @Test
  void invalidSettingsFailWithTheKeyAndValue() throws IOException {
    assertThatThrownBy(
            () ->
                PipelineConf.resolve(
                    file("marketlens.privacy.require-salt=true\n"), Map.of(), Map.of(), null))
        .isInstanceOf(MarketLensException.class)
        .hasMessageContaining("No pseudonymization salt configured");
    assertThatThrownBy(
            () -> PipelineConf.resolve(null, Map.of("MARKETLENS_SALT", "short"), Map.of(), null))
        .hasMessage("The pseudonymization salt is too short: use at least 16 characters.");
    assertThatThrownBy(
            () ->
                PipelineConf.resolve(
                    file("marketlens.quality.max-quarantine-share=lots\n"),
                    Map.of(),
                    Map.of(),
                    null))
        .hasMessageContaining("Invalid value for marketlens.quality.max-quarantine-share: `lots`");
    assertThatThrownBy(() -> PipelineConf.resolve(null, Map.of(), Map.of(), "01/02/2024"))
        .hasMessageContaining("Invalid value for --run-date: `01/02/2024`");
  }

  @Test
  void goldSettingsHaveDefaultsAndAreParsed() throws IOException {
    PipelineConf defaults = PipelineConf.resolve(null, Map.of(), Map.of(), null);
    assertThat(defaults.activeEvents()).containsExactly("login", "post", "feed_view", "game");
    assertThat(defaults.cohortGrain()).isEqualTo("month");
    assertThat(defaults.thresholds()).containsExactly(Map.entry("daily_ip", List.of(10_000_000L)));
    assertThat(defaults.dunbarThreshold()).isEqualTo(150);
    assertThat(defaults.degreeBands()).containsExactly(50, 150);
    PipelineConf set =
        PipelineConf.resolve(
            file(
                "marketlens.growth.thresholds=daily_ip:5000000,mau:100,daily_ip:8000000\n"
                    + "marketlens.growth.cohort-grain=week\nmarketlens.graph.degree-bands=10, 20, 30\n"),
            Map.of(),
            Map.of(),
            null);
    assertThat(set.thresholds())
        .containsEntry("daily_ip", List.of(5_000_000L, 8_000_000L))
        .containsEntry("mau", List.of(100L));
    assertThat(set.cohortGrain()).isEqualTo("week");
    assertThat(set.degreeBands()).containsExactly(10, 20, 30);
    for (String bad :
        List.of(
            "marketlens.graph.degree-bands=50,50",
            "marketlens.graph.dunbar-threshold=1,2",
            "marketlens.growth.ceiling-hold-days=0",
            "marketlens.growth.active-events=Login",
            "marketlens.growth.thresholds=daily_ip")) {
      assertThatThrownBy(() -> PipelineConf.resolve(file(bad + "\n"), Map.of(), Map.of(), null))
          .as(bad)
          .isInstanceOf(MarketLensException.class)
          .hasMessageContaining("Invalid value for " + bad.split("=")[0]);
    }
  }

  @Test
  void theSessionTimeZoneIsAlwaysShanghai() {
    // The metrics are Shanghai months and weeks: another zone is refused, not silently overridden.
    assertThatThrownBy(
            () ->
                PipelineConf.resolve(
                    null, Map.of(), Map.of("spark.sql.session.timeZone", "UTC"), "2024-01-01"))
        .isInstanceOf(MarketLensException.class)
        .hasMessage(
            "Invalid value for spark.sql.session.timeZone: `UTC` (expected Asia/Shanghai: the metrics"
                + " are defined on Shanghai days and months).");
    SparkConf fromSubmit = new SparkConf(false).set("spark.sql.session.timeZone", "UTC");
    assertThatThrownBy(() -> SparkSessions.applyRequired(fromSubmit))
        .hasMessageContaining("Invalid value for spark.sql.session.timeZone: `UTC`");
    SparkConf unset = new SparkConf(false);
    SparkSessions.applyRequired(unset);
    assertThat(unset.get("spark.sql.session.timeZone")).isEqualTo("Asia/Shanghai");
  }
}
