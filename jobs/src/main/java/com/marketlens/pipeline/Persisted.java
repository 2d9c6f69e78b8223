package com.marketlens.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * What a job caches, released in one place when the job ends (also when it fails): {@link #keep}
 * persists a Dataset, {@link #onClose} registers any other release (GraphX's own cached graphs),
 * and {@link #close} undoes them in reverse order.
 */
public final class Persisted implements AutoCloseable {

  private final Deque<Runnable> releases = new ArrayDeque<>();

  /** {@code rows} persisted in memory and on disk until this closes. */
  public <T> Dataset<T> keep(Dataset<T> rows) {
    Dataset<T> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    releases.push(() -> persisted.unpersist());
    return persisted;
  }

  /** Runs {@code release} when this closes. */
  public void onClose(Runnable release) {
    releases.push(release);
  }

  @Override
  public void close() {
    while (!releases.isEmpty()) {
      releases.pop().run();
    }
  }
}
