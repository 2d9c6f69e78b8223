package com.marketlens.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.error.MarketLensException;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly maintenance: OPTIMIZE ZORDER BY on the configured silver tables changes files, never
 * rows.
 */
class TestOptimizeJob extends SparkTestBase {

  @TempDir static Path tmp;

  @Test
  void optimizeRewritesTheFilesAndKeepsEveryRow() {
    Path input = tmp.resolve("input");
    Fixtures.writeMessyInput(input);
    PipelineConf conf =
        conf(
            input,
            tmp.resolve("warehouse"),
            "2024-01-01",
            Map.of(
                "marketlens.quality.max-quarantine-share", "1",
                "marketlens.optimize.zorder-by", "site_traffic:site,date"));
    List<String> traffic = List.of("site_traffic");
    new IngestJob(new JobContext(spark(), conf, contracts(), "opt-1")).run(traffic);
    new RefineJob(new JobContext(spark(), conf, contracts(), "opt-1")).run(traffic);
    String path = new Warehouse(conf.warehouse()).silver("site_traffic");
    List<String> before = rows(path);

    List<StageReport> reports =
        new OptimizeJob(new JobContext(spark(), conf, contracts(), "opt-2")).run(traffic);

    assertThat(rows(path)).isEqualTo(before);
    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stage()).isEqualTo("optimize");
              assertThat(r.rowsRead()).isEqualTo(before.size()).isEqualTo(r.rowsLoaded());
              assertThat(r.message()).contains("z-ordered by site, date");
            });
    assertThat(sql("DESCRIBE HISTORY delta.`%s` LIMIT 1", path).get(0).<String>getAs("operation"))
        .isEqualTo("OPTIMIZE");
    assertThat(
            sql(
                    "SELECT count(*) FROM delta.`%s` WHERE stage = 'optimize'",
                    new Warehouse(conf.warehouse()).pipelineRuns())
                .get(0)
                .getLong(0))
        .isEqualTo(1);
  }

  @Test
  void anUnknownColumnFailsBeforeAnythingIsWritten() {
    PipelineConf conf =
        conf(
            tmp.resolve("none"),
            tmp.resolve("w2"),
            "2024-01-01",
            Map.of("marketlens.optimize.zorder-by", "sns_activity:site,event_day"));
    assertThatThrownBy(
            () ->
                new OptimizeJob(new JobContext(spark(), conf, contracts(), "x"))
                    .run(List.of("sns_activity")))
        .isInstanceOf(MarketLensException.class)
        .hasMessageStartingWith(
            "Invalid value for marketlens.optimize.zorder-by: `sns_activity:event_day`");
    // A real column without statistics cannot order files either.
    PipelineConf noStats =
        conf(
            tmp.resolve("none"),
            tmp.resolve("w2"),
            "2024-01-01",
            Map.of("marketlens.optimize.zorder-by", "sns_activity:ip_hash"));
    assertThatThrownBy(
            () ->
                new OptimizeJob(new JobContext(spark(), noStats, contracts(), "x"))
                    .run(List.of("sns_activity")))
        .isInstanceOf(MarketLensException.class)
        .hasMessageContaining("`sns_activity:ip_hash`")
        .hasMessageContaining("with statistics")
        .hasMessageContaining("site, user_key, event_time, event_type, event_month, scrape_date");
    assertThat(tmp.resolve("w2")).doesNotExist();
  }

  private static List<String> rows(String path) {
    return spark()
        .read()
        .format("delta")
        .load(path)
        .orderBy("site", "date")
        .collectAsList()
        .stream()
        .map(Object::toString)
        .toList();
  }
}
