package com.marketlens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line: readable errors, usage, exit codes, and nothing written when a run is refused.
 */
class TestCli extends SparkTestBase {

  @TempDir Path tmp;

  private static CliOutcome run(String... args) {
    return CliOutcome.run(args);
  }

  @Test
  void helpIsAvailableForEveryCommand() {
    for (String command :
        new String[] {
          "generate", "ingest", "refine", "gold", "export", "report", "run", "contracts"
        }) {
      CliOutcome o = run(command, "--help");
      assertThat(o.exitCode()).as(command).isZero();
      assertThat(o.out()).contains("Usage: marketlens " + command).contains("--help");
    }
    assertThat(run("--help").out())
        .contains("ingest")
        .contains("refine")
        .contains("generate")
        .contains("run");
  }

  @Test
  void aMissingOrUnknownCommandIsAUsageError() {
    CliOutcome none = run();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Missing command").contains("Usage: marketlens");
    CliOutcome unknown = run("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument at index 0: 'frobnicate'");
  }

  @Test
  void onlyTheCommandsThatWorkPerDatasetOfferDataset() {
    for (String command : new String[] {"gold", "export", "report"}) {
      CliOutcome o = run(command, "--dataset", "sns_users");
      assertThat(o.exitCode()).as(command).isEqualTo(2);
      assertThat(o.err()).as(command).contains("Unknown options: '--dataset', 'sns_users'");
    }
    for (String command : new String[] {"ingest", "refine", "run", "optimize"}) {
      assertThat(run(command, "--help").out()).as(command).contains("--dataset=NAME");
    }
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    CliOutcome o = run("ingest", "--bogus");
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("Unknown option: '--bogus'").contains("Usage: marketlens ingest");
  }

  @Test
  void aMissingInputFolderFailsBeforeAnythingIsWritten() {
    Path warehouse = tmp.resolve("warehouse");
    CliOutcome o =
        run(
            "run",
            "--input",
            tmp.resolve("nowhere").toString(),
            "--warehouse",
            warehouse.toString());
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err())
        .startsWith("marketlens: Input folder not found: `" + tmp.resolve("nowhere") + "`")
        .contains("Run 'marketlens run --help' for usage.")
        .doesNotContain("Exception");
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void badOptionValuesAreRejectedWithTheValue() {
    CliOutcome date =
        run("refine", "--run-date", "2024-13-01", "--warehouse", tmp.resolve("w").toString());
    assertThat(date.exitCode()).isEqualTo(2);
    assertThat(date.err())
        .contains("Invalid value for --run-date: `2024-13-01` (expected a date as YYYY-MM-DD)");
    CliOutcome dataset =
        run("refine", "--dataset", "sns_user", "--warehouse", tmp.resolve("w").toString());
    assertThat(dataset.exitCode()).isEqualTo(2);
    assertThat(dataset.err())
        .contains("Unknown dataset `sns_user`. Known datasets: fx_rates, sns_users");
    CliOutcome share =
        run(
            "refine",
            "--set",
            "marketlens.quality.max-quarantine-share=2",
            "--warehouse",
            tmp.resolve("w").toString());
    assertThat(share.exitCode()).isEqualTo(2);
    assertThat(share.err())
        .contains("Invalid value for marketlens.quality.max-quarantine-share: `2`");
    CliOutcome salt = run("refine", "--set", "marketlens.privacy.salt=visible-in-ps-0123456789");
    assertThat(salt.exitCode()).isEqualTo(2);
    assertThat(salt.err()).contains("no salt on the command line").doesNotContain("visible-in-ps");
    CliOutcome scale = run("generate", "--scale", "0", "--out", tmp.resolve("g").toString());
    assertThat(scale.exitCode()).isEqualTo(2);
    assertThat(scale.err()).contains("Invalid value for --scale: `0.0`");
    assertThat(tmp.resolve("w")).doesNotExist();
  }

  @Test
  void badGoldJobsAndGraphSettingsFailBeforeSparkStarts() {
    Path warehouse = tmp.resolve("gold-w");
    CliOutcome job = run("gold", "--job", "graphs", "--warehouse", warehouse.toString());
    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.err())
        .contains("Invalid value for option '--job'")
        .contains("expected one of [GROWTH, GRAPH, PRICEWAR] (case-insensitive) but was 'graphs'");
    CliOutcome bands =
        run(
            "gold",
            "--set",
            "marketlens.graph.degree-bands=150,50",
            "--warehouse",
            warehouse.toString());
    assertThat(bands.exitCode()).isEqualTo(2);
    assertThat(bands.err()).contains("Invalid value for marketlens.graph.degree-bands: `150,50`");
    CliOutcome threshold =
        run(
            "gold",
            "--set",
            "marketlens.graph.dunbar-threshold=0",
            "--warehouse",
            warehouse.toString());
    assertThat(threshold.exitCode()).isEqualTo(2);
    CliOutcome grain = run("gold", "--grain", "day", "--warehouse", warehouse.toString());
    assertThat(grain.exitCode()).isEqualTo(2);
    assertThat(grain.err())
        .contains("Invalid value for option '--grain'")
        .contains("expected one of [MONTH, WEEK] (case-insensitive) but was 'day'");
    CliOutcome thresholds =
        run(
            "gold",
            "--set",
            "marketlens.growth.thresholds=dau:5",
            "--warehouse",
            warehouse.toString());
    assertThat(thresholds.exitCode()).isEqualTo(2);
    assertThat(thresholds.err())
        .contains("Invalid value for marketlens.growth.thresholds: `dau:5`");
    CliOutcome tolerance =
        run(
            "gold",
            "--set",
            "marketlens.graph.pagerank-tolerance=-1",
            "--warehouse",
            warehouse.toString());
    assertThat(tolerance.err())
        .contains("Invalid value for marketlens.graph.pagerank-tolerance: `-1`");
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void goldWithoutItsSilverInputsWritesItsTablesEmptyAndSaysWhy() {
    // Not a usage error (that is exit 2): a warehouse whose inputs have not arrived has nothing to
    // build yet.
    Path warehouse = tmp.resolve("empty-w");
    CliOutcome o =
        run(
            "gold",
            "--job",
            "graph",
            "--warehouse",
            warehouse.toString(),
            "--run-date",
            "2024-01-01");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out())
        .containsPattern("gold +graph_summary +0 +0 +0 +0 .* skipped")
        .contains("no sns_users files scraped on or before 2024-01-01 have been ingested");
    assertThat(warehouse.resolve("gold/graph_summary/_delta_log")).isDirectory();
    // Export reads what gold wrote; a table gold never wrote is a missing upstream table: exit 1.
    CliOutcome export =
        run(
            "export",
            "--table",
            "cohort_retention",
            "--warehouse",
            warehouse.toString(),
            "--exports",
            tmp.resolve("exports").toString());
    assertThat(export.exitCode()).isEqualTo(1);
    assertThat(export.err()).contains("gold/cohort_retention` does not exist yet");
  }

  @Test
  void anUnknownConfigurationKeyIsReported() throws IOException {
    Path conf = Files.writeString(tmp.resolve("typo.properties"), "marketlens.warehous=/tmp/x\n");
    CliOutcome o = run("refine", "--conf", conf.toString());
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("Unknown configuration key `marketlens.warehous` in " + conf);
    CliOutcome missing = run("refine", "--conf", tmp.resolve("none.properties").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Cannot read `" + tmp.resolve("none.properties") + "`");
  }

  @Test
  void theClusterConfigurationRefusesToRunWithoutASalt() {
    CliOutcome o = run("refine", "--conf", home().resolve("conf/cluster.properties").toString());
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("No pseudonymization salt configured").contains("MARKETLENS_SALT");
  }

  @Test
  void anUnreadableSchemaFileFailsBeforeAnythingIsWritten() throws IOException {
    Path schemas = Fixtures.copySchemas(home(), tmp.resolve("schemas"));
    Files.writeString(
        schemas.resolve("silver/sns_users.json"), "{ \"name\": \"sns_users\", \"columns\": [ ");
    Path warehouse = tmp.resolve("warehouse");
    CliOutcome o =
        run(
            "run",
            "--schemas",
            schemas.toString(),
            "--warehouse",
            warehouse.toString(),
            "--input",
            home().resolve("data/sample").toString());
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("Cannot read contract `" + schemas + "/silver/sns_users.json`");
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void aRunPrintsThePerDatasetSummary() {
    Path input = tmp.resolve("input");
    Fixtures.write(
        input,
        "site_traffic",
        "2012-01-05_a.csv",
        "date,site,daily_ip",
        "2009-06-01,开心网,\"1,020万\"",
        "2009-06-01,开心网,\"1,020万\"");
    CliOutcome o =
        run(
            "run",
            "--input",
            input.toString(),
            "--warehouse",
            tmp.resolve("w").toString(),
            "--dataset",
            "site_traffic",
            "--run-date",
            "2024-01-01");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out())
        .containsPattern("ingest +site_traffic +2 +2 +0 +0 ")
        .containsPattern("refine +site_traffic +2 +1 +0 +1 ")
        .contains("Total wall time in the pipeline");
  }
}
