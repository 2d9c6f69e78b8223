package com.marketlens.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.MarketLens;
import com.marketlens.SparkTestBase;
import com.marketlens.export.DuckDb;
import com.marketlens.schema.GoldTables;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with its warehouse and exports on s3a:// against S3Proxy on loopback: the cloud
 * datasets of the sample through ingest, refine, the price-war gold tables and the export. Delta
 * tables and Parquet exports land in the bucket and read back, through S3A (Spark) and from the
 * bucket's files (DuckDB).
 */
@Tag("s3")
class TestS3Storage extends SparkTestBase {

  @TempDir static Path tmp;

  @Test
  void theWarehouseAndExportsLiveInTheBucket() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start(home(), tmp.resolve("s3"), "lake")) {
      s3.configure(spark().sparkContext().hadoopConfiguration());
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          MarketLens.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "run",
              "--input",
              home().resolve("data/sample").toString(),
              "--warehouse",
              "s3a://lake/warehouse",
              "--exports",
              "s3a://lake/exports",
              "--run-date",
              "2024-01-01",
              "--dataset",
              "fx_rates,market_events,cloud_prices,cloud_unit_costs,cloud_financials");
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("export   vendor_survival");

      // Delta commits and data files are objects in the bucket.
      assertThat(
              s3.objectPath(
                  "lake", "warehouse/silver/cloud_prices/_delta_log/00000000000000000000.json"))
          .exists();
      assertThat(s3.objectPath("lake", "warehouse/gold/unit_economics_monthly/_delta_log"))
          .isDirectory();
      // Read back through S3A.
      long periods =
          spark()
              .read()
              .format("delta")
              .load("s3a://lake/warehouse/gold/price_war_periods")
              .count();
      assertThat(periods).isPositive();
      assertThat(
              sql("SELECT count(*) FROM delta.`s3a://lake/warehouse/audit/pipeline_runs` WHERE status = 'succeeded'")
                  .get(0)
                  .getLong(0))
          .isEqualTo(2 * 5 + 2 * GoldTables.PRICE_WAR.size());
      // The exports: manifest, marker and Parquet any engine reads.
      Path exports = s3.objectPath("lake", "exports");
      assertThat(exports.resolve("_SUCCESS")).exists();
      assertThat(Files.readString(exports.resolve("_manifest.json")))
          .contains("\"table\" : \"price_war_periods\"");
      try (DuckDb duck = new DuckDb()) {
        assertThat(
                duck.query(
                    "SELECT count(*) FROM read_parquet('"
                        + exports
                        + "/price_war_periods/*.parquet')"))
            .containsExactly(List.of(String.valueOf(periods)));
      }
      assertThat(spark().read().parquet("s3a://lake/exports/unit_economics_monthly").count())
          .isEqualTo(
              spark()
                  .read()
                  .format("delta")
                  .load("s3a://lake/warehouse/gold/unit_economics_monthly")
                  .count());
    }
  }
}
