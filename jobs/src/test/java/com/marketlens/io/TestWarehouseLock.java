package com.marketlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.Fixtures;
import com.marketlens.MarketLens;
import com.marketlens.SparkTestBase;
import com.marketlens.error.MarketLensException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per warehouse: the lock's messages, its takeover after a dead holder, and two real {@code
 * marketlens run} processes on one warehouse (the second fails at once, the warehouse holds each
 * row once; a run killed with SIGKILL leaves nothing that blocks the next run).
 */
class TestWarehouseLock extends SparkTestBase {

  @TempDir Path tmp;

  @Test
  void aSecondHolderIsRefusedWithTheHolderAndHowToClearIt() {
    Path warehouse = tmp.resolve("w");
    try (WarehouseLock first =
        WarehouseLock.acquire(warehouse.toString(), new Configuration(), "run-1", "run")) {
      assertThatThrownBy(
              () ->
                  WarehouseLock.acquire(
                      warehouse.toString(), new Configuration(), "run-2", "ingest"))
          .isInstanceOf(MarketLensException.class)
          .hasMessageStartingWith(
              "Warehouse `"
                  + warehouse
                  + "` is in use by run run-1 (marketlens run, pid "
                  + ProcessHandle.current().pid()
                  + " on host ")
          .hasMessageContaining("a lock whose process has ended is taken over by the next run")
          .hasMessageEndingWith(
              "If you are sure no run is active, delete `"
                  + warehouse.resolve("_marketlens.lock")
                  + "`.");
    }
    // Released: the next run takes it, and the file is left empty.
    WarehouseLock.acquire(warehouse.toString(), new Configuration(), "run-3", "run").close();
    assertThat(warehouse.resolve("_marketlens.lock")).content().isEmpty();
  }

  @Test
  void onSharedStorageALockWithoutAHeartbeatIsTakenOver() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(tmp.resolve("shared/_marketlens.lock").toUri());
    Instant now = Instant.now();
    WarehouseLock first =
        WarehouseLock.acquireShared(fs, file, WarehouseLock.holderText("run-1", "run", now), now);
    assertThatThrownBy(
            () ->
                WarehouseLock.acquireShared(
                    fs, file, WarehouseLock.holderText("run-2", "run", now), now))
        .hasMessageContaining("is in use by run run-1 (marketlens run")
        .hasMessageContaining("without a heartbeat for 10 minutes is taken over");
    // Eleven minutes later without a heartbeat (the holder died): the next run takes the lock.
    Instant later = now.plus(Duration.ofMinutes(11));
    try (WarehouseLock second =
        WarehouseLock.acquireShared(
            fs, file, WarehouseLock.holderText("run-2", "run", later), later)) {
      assertThat(new String(Files.readAllBytes(Path.of(file.toUri())), StandardCharsets.UTF_8))
          .contains("run_id=run-2");
    }
    assertThat(fs.exists(file)).isFalse();
    first.close();
  }

  @Test
  void twoRunsOnOneWarehouseAndARunKilledMidway() throws Exception {
    Path input = tmp.resolve("input");
    Fixtures.writeMessyInput(input);

    // Two runs on a fresh warehouse, the second started while the first holds the lock.
    Path warehouse = tmp.resolve("warehouse");
    Process first = start("first", input, warehouse);
    awaitLockHeldBy(warehouse, first);
    Process second = start("second", input, warehouse);
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String refused = Files.readString(tmp.resolve("second.err"));
    assertThat(second.exitValue()).as(refused).isEqualTo(1);
    assertThat(refused)
        .contains("marketlens: Warehouse `" + warehouse + "` is in use by run ")
        .contains("pid " + first.pid() + " on host ")
        .doesNotContain("Exception");
    assertThat(first.isAlive())
        .as("the second run was refused while the first was running")
        .isTrue();
    assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(tmp.resolve("first.err"))).isZero();
    assertEveryBronzeRowOnce(warehouse);

    // A run killed with SIGKILL in the middle: the next run takes the lock over, completes, and the
    // warehouse holds what a single run writes.
    Path other = tmp.resolve("warehouse-killed");
    Process killed = start("killed", input, other);
    awaitLockHeldBy(other, killed);
    // Into the run: its first bronze commit is made (the run goes on to refine, gold and export).
    awaitPath(other.resolve("bronze"), killed);
    assertThat(killed.isAlive()).isTrue();
    killed.destroyForcibly().waitFor();
    Path lockFile = other.resolve(WarehouseLock.FILE_NAME);
    assertThat(Files.readString(lockFile)).contains("pid=" + killed.pid());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        MarketLens.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "run",
            "--input",
            input.toString(),
            "--warehouse",
            other.toString(),
            "--exports",
            tmp.resolve("exports").toString(),
            "--run-date",
            "2024-01-01",
            "--set",
            "marketlens.quality.max-quarantine-share=1");
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(lockFile)).isEmpty();
    assertEveryBronzeRowOnce(other);
    assertThat(bronzeRows(other)).isEqualTo(bronzeRows(warehouse));
    assertThat(silverRows(other)).isEqualTo(silverRows(warehouse));
  }

  /** A {@code marketlens run} in its own JVM, with this JVM's classpath and module flags. */
  private Process start(String name, Path input, Path warehouse) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens"))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            MarketLens.class.getName(),
            "run",
            "--input",
            input.toString(),
            "--warehouse",
            warehouse.toString(),
            "--exports",
            tmp.resolve("exports-" + name).toString(),
            "--run-date",
            "2024-01-01",
            "--set",
            "marketlens.quality.max-quarantine-share=1"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(tmp.resolve(name + ".out").toFile())
            .redirectError(tmp.resolve(name + ".err").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Polls (another process: no latch can reach it) until {@code path} exists. */
  private static void awaitPath(Path path, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && process.isAlive() && !Files.exists(path)) {
      Thread.sleep(100);
    }
    assertThat(path).as("made by process " + process.pid()).exists();
  }

  private static void awaitLockHeldBy(Path warehouse, Process process) throws Exception {
    Path lockFile = warehouse.resolve(WarehouseLock.FILE_NAME);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(lockFile)
          && Files.readString(lockFile).contains("pid=" + process.pid() + "\n")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("process " + process.pid() + " never took the lock " + lockFile);
  }

  private static long bronzeRows(Path warehouse) {
    return rows(warehouse.resolve("bronze"));
  }

  private static long silverRows(Path warehouse) {
    return rows(warehouse.resolve("silver"));
  }

  private static long rows(Path layer) {
    long total = 0;
    for (File dataset : layer.toFile().listFiles(f -> !f.getName().startsWith("_"))) {
      total += spark().read().format("delta").load(dataset.getPath()).count();
    }
    return total;
  }

  private static void assertEveryBronzeRowOnce(Path warehouse) {
    for (File dataset :
        warehouse.resolve("bronze").toFile().listFiles(f -> !f.getName().startsWith("_"))) {
      Row r =
          sql(
                  "SELECT count(*), count(DISTINCT _source_file, _line) FROM delta.`%s`",
                  dataset.getPath())
              .get(0);
      assertThat(r.getLong(0)).as(dataset.getName()).isPositive().isEqualTo(r.getLong(1));
    }
  }
}
