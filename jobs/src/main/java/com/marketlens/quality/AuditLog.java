package com.marketlens.quality;

import com.marketlens.io.DeltaTables;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contracts;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** Appends stage reports to the {@code pipeline_runs} Delta table (schemas/system/pipeline_runs.json). */
public final class AuditLog {

  private final SparkSession spark;
  private final String path;
  private final StructType schema;

  public AuditLog(SparkSession spark, Warehouse warehouse, Contracts contracts) {
    this.spark = spark;
    this.path = warehouse.pipelineRuns();
    this.schema = contracts.system("pipeline_runs").sparkSchema();
  }

  public void record(StageReport r) {
    Row row =
        RowFactory.create(
            r.runId(), r.runDate(), r.stage(), r.dataset(), r.filesRead(), r.filesSkipped(), r.rowsRead(),
            r.rowsLoaded(), r.rowsQuarantined(), CollectionConverters.asScala(r.quarantinedByReason()),
            r.duplicatesDropped(), r.startedAt(), r.endedAt(), r.status(), r.message());
    DeltaTables.createIfMissing(spark, path, schema);
    DeltaTables.append(spark.createDataFrame(List.of(row), schema), path);
  }
}
