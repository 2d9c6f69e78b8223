package com.marketlens.io;

import com.marketlens.error.Errors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Lists a dataset's scraped files on any Hadoop file system (local, s3a://) and checks their names.
 */
public final class SourceFiles {

  private SourceFiles() {}

  /**
   * A listed file with the size and modification time the listing gave: ingest skips a file whose
   * three are already recorded, without reading it.
   */
  public record Listed(SourceFile file, long sizeBytes, Instant modifiedAt) {}

  /** Fails with a readable message when the input root does not exist or is not a folder. */
  public static void requireInputRoot(SparkSession spark, String root) {
    try {
      Path path = new Path(root);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.getFileStatus(path).isDirectory()) {
        throw Errors.missingInput(root);
      }
    } catch (FileNotFoundException e) {
      throw Errors.missingInput(root);
    } catch (IOException e) {
      throw Errors.unreadableFile(root, e);
    }
  }

  /**
   * The dataset's files in name order; an absent dataset folder gives none. Hidden files (starting
   * with {@code .} or {@code _}) are skipped, as Spark does; any other file must follow the naming
   * contract.
   */
  public static List<Listed> list(SparkSession spark, String root, String dataset) {
    Path folder = new Path(root, dataset);
    List<Listed> files = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(folder)) {
        return files;
      }
      for (FileStatus status : fs.listStatus(folder)) {
        String name = status.getPath().getName();
        if (status.isDirectory() || name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        SourceFile file = SourceFile.fromName(status.getPath().toString(), dataset);
        if (file == null) {
          throw Errors.badFileName(status.getPath().toString());
        }
        files.add(
            new Listed(file, status.getLen(), Instant.ofEpochMilli(status.getModificationTime())));
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(folder.toString(), e);
    }
    files.sort(Comparator.comparing(f -> f.file().relativePath()));
    return files;
  }
}
