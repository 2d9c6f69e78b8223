package com.marketlens.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent pieces of one stage (datasets, gold jobs) from several driver threads. Spark
 * accepts jobs from many threads of one session; on small inputs a single thread leaves the cores
 * idle while the driver plans and commits, so overlapping pieces is what shortens a run
 * (docs/benchmarks.md).
 *
 * <p>Each piece must write only its own tables. Results come back in the order of the tasks. When a
 * piece fails, pieces not yet started are skipped, the running ones finish (each write is one Delta
 * transaction, so nothing is left half-written), and the first failure in task order is thrown.
 * With one thread the pieces run one by one on the calling thread and the first failure stops the
 * rest.
 */
public final class Concurrently {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private Concurrently() {}

  public static <T> List<T> run(int threads, List<Callable<T>> tasks) {
    if (threads <= 1 || tasks.size() <= 1) {
      List<T> results = new ArrayList<>();
      for (Callable<T> task : tasks) {
        results.add(call(task));
      }
      return results;
    }
    int pool = POOLS.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.min(threads, tasks.size()),
            r -> {
              Thread t = new Thread(r, "marketlens-" + pool + "-" + thread.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    AtomicBoolean failed = new AtomicBoolean();
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            executor.submit(
                () -> {
                  if (failed.get()) {
                    throw new Skipped();
                  }
                  try {
                    return task.call();
                  } catch (Throwable t) {
                    failed.set(true);
                    throw t;
                  }
                }));
      }
      List<T> results = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Skipped) {
            continue;
          }
          RuntimeException cause = unchecked(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(f -> f.cancel(true));
          throw new IllegalStateException("interrupted while waiting for concurrent jobs", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return results;
    } finally {
      executor.shutdown();
    }
  }

  /** A task not started because an earlier one failed. */
  private static final class Skipped extends RuntimeException {
    Skipped() {
      super(null, null, false, false);
    }
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (Exception e) {
      throw unchecked(e);
    }
  }

  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t.getMessage(), t);
  }
}
