package com.marketlens.gold;

import com.marketlens.io.DeltaTables;
import com.marketlens.io.KeyedSystemTable;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * What each gold job last built its tables from ({@code system/gold_builds}). A job's tables are a
 * function of its silver inputs, its settings and its tables' contracts; when all three are as
 * recorded and the tables are still at the versions the job wrote, a rebuild would write the same
 * rows, so the job is skipped. A build is recorded only after all of the job's tables committed, so
 * a run stopped half-way rebuilds the job next time.
 */
public final class GoldBuilds {

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final KeyedSystemTable table;
  private final String runId;
  private final LocalDate runDate;
  private Map<String, Row> recorded;

  /** Builds of this stage, written in one commit when it ends. */
  private final Map<String, Row> pending = new LinkedHashMap<>();

  /** The builds recorded in the run's warehouse; this stage's are written by {@link #flush}. */
  public GoldBuilds(JobContext job) {
    this.spark = job.spark();
    this.warehouse = job.warehouse();
    this.table = new KeyedSystemTable(spark, warehouse, job.contracts(), "gold_builds");
    this.runId = job.runId();
    this.runDate = job.conf().runDate();
  }

  /**
   * The run that built {@code job}'s tables from exactly {@code inputs}, if they are still as it
   * left them; empty when the job must be built.
   */
  synchronized Optional<String> unchangedSince(String job, String inputs, List<String> tables) {
    Row last = recorded().get(job);
    if (last == null || !inputs.equals(last.getAs("inputs"))) {
      return Optional.empty();
    }
    return outputs(tables).equals(last.getAs("outputs"))
        ? Optional.of(last.getAs("run_id"))
        : Optional.empty();
  }

  /**
   * The digests of the parts (the graph job's sites) the job's last build recorded, when the job
   * may rebuild only the parts whose digest changed: that build ran under the same {@code rules}
   * (settings, contracts: the end of its inputs) and the job's tables are still as it left them.
   * Empty: every part must be rebuilt.
   */
  synchronized Optional<Map<String, String>> partsIfOnlyDataChanged(
      String job, String rules, List<String> tables) {
    Row last = recorded().get(job);
    if (last == null
        || last.isNullAt(last.fieldIndex("parts"))
        || !last.<String>getAs("inputs").endsWith(rules)
        || !outputs(tables).equals(last.getAs("outputs"))) {
      return Optional.empty();
    }
    return Optional.of(Map.copyOf(last.getJavaMap(last.fieldIndex("parts"))));
  }

  /**
   * Records that {@code job} has just built {@code tables} from {@code inputs}, with the digests of
   * its parts (empty when the job is not built by parts).
   */
  synchronized void built(
      String job, String inputs, List<String> tables, Map<String, String> parts) {
    pending.put(
        job, RowFactory.create(job, inputs, outputs(tables), runId, runDate, new TreeMap<>(parts)));
  }

  private Map<String, Row> recorded() {
    if (recorded == null) {
      recorded = new HashMap<>();
      table.rows().forEach(r -> recorded.put(r.getAs("job"), r));
    }
    return recorded;
  }

  /** Writes this stage's builds in one MERGE (one row per job, replaced). */
  public synchronized void flush() {
    table.replace(List.copyOf(pending.values()));
    pending.clear();
  }

  /** The tables as {@code table=id@version;...} ("absent" for a missing one). */
  private String outputs(List<String> tables) {
    return tables.stream()
        .map(t -> t + "=" + DeltaTables.identity(spark, warehouse.gold(t)))
        .collect(Collectors.joining(";"));
  }
}
