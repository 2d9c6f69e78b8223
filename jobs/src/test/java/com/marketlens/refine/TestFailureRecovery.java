package com.marketlens.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refine killed in the middle of writing silver: the previous silver version stays readable and
 * unchanged, the failure is audited, and a rerun completes the job.
 */
class TestFailureRecovery extends SparkTestBase {

  @TempDir Path tmp;

  @Test
  void aFailedSilverWriteLeavesThePreviousVersionAndARerunCompletesIt() {
    Path input = tmp.resolve("input");
    Fixtures.write(
        input,
        "site_traffic",
        "2012-01-05_a.csv",
        "date,site,daily_ip",
        "2009-06-01,kaixin001,10200000",
        "2009-06-02,kaixin001,10250000");
    PipelineConf conf = conf(input, tmp.resolve("warehouse"), "2024-01-01", Map.of());
    Warehouse w = new Warehouse(conf.warehouse());
    List<String> traffic = List.of("site_traffic");
    new IngestJob(new JobContext(spark(), conf, contracts(), "run-1")).run(traffic);
    new RefineJob(new JobContext(spark(), conf, contracts(), "run-1")).run(traffic);
    List<String> before = silver(w);
    assertThat(before).hasSize(2);

    // A new scrape arrives; a constraint makes the MERGE fail inside its write tasks, as a crash
    // would.
    Fixtures.write(
        input,
        "site_traffic",
        "2012-02-01_b.csv",
        "date,site,daily_ip",
        "2009-06-03,kaixin001,10300000");
    new IngestJob(new JobContext(spark(), conf, contracts(), "run-2")).run(traffic);
    sql(
        "ALTER TABLE delta.`%s` ADD CONSTRAINT simulated_crash CHECK (date < DATE'2009-06-03')",
        w.silver("site_traffic"));
    long version = version(w);
    assertThatThrownBy(
            () -> new RefineJob(new JobContext(spark(), conf, contracts(), "run-2")).run(traffic))
        .hasMessageContaining("simulated_crash");
    assertThat(version(w)).as("no commit from the failed write").isEqualTo(version);
    assertThat(silver(w)).isEqualTo(before);
    assertThat(
            sql(
                    "SELECT status FROM delta.`%s` WHERE run_id = 'run-2' AND stage = 'refine'",
                    w.pipelineRuns())
                .get(0)
                .getString(0))
        .isEqualTo("failed");

    sql("ALTER TABLE delta.`%s` DROP CONSTRAINT simulated_crash", w.silver("site_traffic"));
    new RefineJob(new JobContext(spark(), conf, contracts(), "run-3")).run(traffic);
    assertThat(silver(w))
        .containsExactly("2009-06-01|10200000", "2009-06-02|10250000", "2009-06-03|10300000");
  }

  private static List<String> silver(Warehouse w) {
    return sql("SELECT date, daily_ip FROM delta.`%s` ORDER BY date", w.silver("site_traffic"))
        .stream()
        .map(r -> r.get(0) + "|" + r.getLong(1))
        .toList();
  }

  private static long version(Warehouse w) {
    return sql("DESCRIBE HISTORY delta.`%s` LIMIT 1", w.silver("site_traffic")).get(0).getLong(0);
  }
}
