package com.marketlens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketlens.MarketLens;
import com.marketlens.stages.GoldJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Airflow DAGs (dags/marketlens_daily.py: daily pipeline and weekly optimize), loaded by
 * python3 against a stand-in for the few Airflow classes it uses (dags/tests/stubs), checked
 * against the real command line: every task is a valid marketlens command, in the pipeline's order,
 * with retries, a timeout, the run date and the salt from a connection.
 */
class TestAirflowDag {

  private static JsonNode dag;
  private static final Map<String, JsonNode> TASKS = new HashMap<>();

  private static JsonNode weekly;
  private static final Map<String, JsonNode> ALL_TASKS = new HashMap<>();

  @BeforeAll
  static void load() throws Exception {
    dag = dump("dag");
    dag.path("tasks").forEach(t -> TASKS.put(t.path("task_id").asText(), t));
    weekly = dump("weekly_dag");
    ALL_TASKS.putAll(TASKS);
    weekly.path("tasks").forEach(t -> ALL_TASKS.put(t.path("task_id").asText(), t));
  }

  private static JsonNode dump(String dagVariable, String... extra) throws Exception {
    Path home = Path.of(System.getProperty("marketlens.home", ".."));
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                home.resolve("dags/tests/dump_dag.py").toString(),
                "--ds",
                "2024-03-05",
                "--dag",
                dagVariable));
    command.addAll(List.of(extra));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return new ObjectMapper().readTree(out);
  }

  private static List<String> args(JsonNode task) {
    List<String> args = new ArrayList<>();
    task.path("application_args").forEach(a -> args.add(a.asText()));
    return args;
  }

  @Test
  void oneTaskPerStageInPipelineOrder() {
    List<String> gold = Arrays.stream(GoldJobs.values()).map(j -> "gold_" + j).toList();
    List<String> expected = new ArrayList<>(List.of("ingest", "refine"));
    expected.addAll(gold);
    expected.add("export");
    assertThat(TASKS.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(TASKS.get("ingest").path("upstream")).isEmpty();
    assertThat(TASKS.get("refine").path("upstream").toString()).isEqualTo("[\"ingest\"]");
    for (String g : gold) {
      assertThat(TASKS.get(g).path("upstream").toString()).as(g).isEqualTo("[\"refine\"]");
    }
    List<String> exportUpstream = new ArrayList<>();
    TASKS.get("export").path("upstream").forEach(u -> exportUpstream.add(u.asText()));
    assertThat(exportUpstream).containsExactlyInAnyOrderElementsOf(gold);
    assertThat(dag.path("max_active_runs").asInt())
        .as("one run at a time: exports swap folders")
        .isEqualTo(1);
  }

  @Test
  void everyTaskIsAValidCommandForTheRunDate() {
    assertThat(ALL_TASKS).containsKey("optimize");
    for (JsonNode task : ALL_TASKS.values()) {
      List<String> args = args(task);
      CommandLine cli = MarketLens.commandLine();
      CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as(args.toString()).isTrue();
      String command = parsed.subcommand().commandSpec().name();
      assertThat(task.path("task_id").asText()).startsWith(command);
      assertThat(parsed.subcommand().matchedOptionValue("--run-date", "")).isEqualTo("2024-03-05");
      assertThat(parsed.subcommand().hasMatchedOption("--conf")).isTrue();
      if (command.equals("gold")) {
        List<GoldJobs> jobs = parsed.subcommand().matchedOptionValue("--job", List.of());
        assertThat(jobs).hasSize(1);
        assertThat(task.path("task_id").asText()).isEqualTo("gold_" + jobs.get(0));
      }
      assertThat(task.path("java_class").asText()).isEqualTo(MarketLens.class.getName());
      assertThat(task.path("retries").asInt())
          .as("retries are safe: tasks are idempotent")
          .isPositive();
      assertThat(task.path("execution_timeout_minutes").asDouble()).isBetween(10.0, 180.0);
      assertThat(task.path("env_vars").path("MARKETLENS_SALT").asText())
          .isEqualTo("<password of connection marketlens_salt>");
      assertThat(args.toString()).doesNotContain("salt");
    }
    Path home = Path.of(System.getProperty("marketlens.home", ".."));
    assertThat(Files.exists(home.resolve("conf/cluster.properties"))).isTrue();
  }

  @Test
  void theFullRefreshParameterReachesRefineGoldAndExportAsASettingTheCliAccepts() throws Exception {
    List<String> refreshed =
        List.of("refine", "gold_growth", "gold_graph", "gold_pricewar", "export");
    for (String task : refreshed) {
      assertThat(args(TASKS.get(task)))
          .as(task)
          .containsSequence("--set", "marketlens.full-refresh=false");
    }
    JsonNode refresh = dump("dag", "--param", "full_refresh=true");
    Map<String, JsonNode> tasks = new HashMap<>();
    refresh.path("tasks").forEach(t -> tasks.put(t.path("task_id").asText(), t));
    for (String task : refreshed) {
      List<String> args = args(tasks.get(task));
      assertThat(args).as(task).containsSequence("--set", "marketlens.full-refresh=true");
      CommandLine.ParseResult parsed =
          MarketLens.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(task).startsWith(parsed.subcommand().commandSpec().name());
    }
    assertThat(args(tasks.get("ingest"))).doesNotContain("marketlens.full-refresh=true");
  }

  @Test
  void theWeeklyOptimizeNeverOverlapsTheDailyRefine() {
    assertThat(weekly.path("schedule").asText()).isEqualTo("@weekly");
    assertThat(weekly.path("tasks")).hasSize(1);
    JsonNode optimize = ALL_TASKS.get("optimize");
    assertThat(optimize.path("pool").asText())
        .as("both write silver: one slot, shared")
        .isEqualTo("marketlens_silver_writer")
        .isEqualTo(TASKS.get("refine").path("pool").asText());
    assertThat(TASKS.get("ingest").path("pool").isNull()).isTrue();
  }
}
