package com.marketlens.io;

import com.marketlens.error.Errors;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One run at a time per warehouse: a run that writes takes {@code <warehouse>/_marketlens.lock} for
 * its whole duration, and a second run fails at once with a line naming the holder. The file names
 * the run id, command, host, pid and start time.
 *
 * <p>On a local warehouse the lock is the operating system's lock on that file, which the kernel
 * releases when the process ends however it ends ({@code kill -9} included): a file left by a
 * killed run holds its old text but no lock, and the next run takes it over at once. On shared
 * storage (s3a, HDFS) there is no such lock: the file is created only if absent, the holder
 * rewrites it every minute (a heartbeat), and a file whose heartbeat is older than {@link
 * #STALE_AFTER} is taken for a dead run's and replaced. Two drivers on different machines that
 * create it in the same instant on an object store without conditional writes are not excluded:
 * schedule such runs from one place (README, "Concurrent runs").
 */
public final class WarehouseLock implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(WarehouseLock.class);

  public static final String FILE_NAME = "_marketlens.lock";

  /** How old a heartbeat on shared storage must be before its lock counts as a dead run's. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private static final Duration HEARTBEAT = Duration.ofMinutes(1);

  private final Runnable release;
  private boolean released;

  private WarehouseLock(Runnable release) {
    this.release = release;
  }

  /**
   * Takes the warehouse's lock for a run, or fails with a readable error naming the run that holds
   * it.
   */
  public static WarehouseLock acquire(
      String warehouse, Configuration hadoop, String runId, String command) {
    String holder = holderText(runId, command, Instant.now());
    URI uri = new Path(warehouse).toUri();
    if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
      return acquireLocal(java.nio.file.Path.of(uri.getPath()), holder);
    }
    try {
      Path root = new Path(warehouse);
      return acquireShared(
          root.getFileSystem(hadoop), new Path(root, FILE_NAME), holder, Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WarehouseLock acquireLocal(java.nio.file.Path warehouse, String holder) {
    java.nio.file.Path file = warehouse.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      Files.createDirectories(warehouse);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another run in this JVM
      }
      if (lock == null) {
        String current = Files.readString(file, StandardCharsets.UTF_8);
        channel.close();
        throw Errors.warehouseBusy(
            warehouse.toString(),
            file.toString(),
            describe(current),
            "a lock whose process has ended is taken over by the next run");
      }
      String previous = read(channel);
      if (!previous.isBlank()) {
        LOG.warn(
            "Took over the warehouse lock left by {}: that process ended without releasing it",
            describe(previous));
      }
      write(channel, holder);
      FileChannel held = channel;
      FileLock taken = lock;
      // The file stays (emptied) when released: deleting it would let a run that opened it a moment
      // before
      // lock a file no other run can see.
      return new WarehouseLock(
          () -> {
            try (held) {
              write(held, "");
              taken.release();
            } catch (IOException e) {
              LOG.warn("Could not release the warehouse lock {}: {}", file, e.getMessage());
            }
          });
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Create-if-absent with a heartbeat, for file systems without a kernel lock (package-private:
   * tests).
   */
  static WarehouseLock acquireShared(FileSystem fs, Path file, String holder, Instant now)
      throws IOException {
    if (!createExclusive(fs, file, holder)) {
      String current = readShared(fs, file);
      FileStatus status = fs.getFileStatus(file);
      Instant heartbeat = Instant.ofEpochMilli(status.getModificationTime());
      if (heartbeat.isAfter(now.minus(STALE_AFTER))) {
        throw Errors.warehouseBusy(
            file.getParent().toString(),
            file.toString(),
            describe(current),
            "its heartbeat was "
                + heartbeat
                + "; a lock without a heartbeat for "
                + STALE_AFTER.toMinutes()
                + " minutes is taken over by the next run");
      }
      LOG.warn(
          "Took over the warehouse lock left by {}: no heartbeat since {}",
          describe(current),
          heartbeat);
      fs.delete(file, false);
      if (!createExclusive(fs, file, holder)) {
        throw Errors.warehouseBusy(
            file.getParent().toString(),
            file.toString(),
            describe(readShared(fs, file)),
            "it was taken a moment ago");
      }
    }
    ScheduledExecutorService beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "marketlens-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beats.scheduleAtFixedRate(
        () -> {
          try (OutputStream out = fs.create(file, true)) {
            out.write(holder.getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            LOG.warn("Warehouse lock heartbeat failed: {}", e.getMessage());
          }
        },
        HEARTBEAT.toSeconds(),
        HEARTBEAT.toSeconds(),
        TimeUnit.SECONDS);
    return new WarehouseLock(
        () -> {
          beats.shutdownNow();
          try {
            fs.delete(file, false);
          } catch (IOException e) {
            LOG.warn("Could not release the warehouse lock {}: {}", file, e.getMessage());
          }
        });
  }

  private static boolean createExclusive(FileSystem fs, Path file, String holder)
      throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      out.write(holder.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false;
      }
      throw e;
    }
  }

  private static String readShared(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return "";
    }
  }

  /** The text a lock file holds: who took it, when, and from where. */
  static String holderText(String runId, String command, Instant startedAt) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    return "run_id="
        + runId
        + "\ncommand="
        + command
        + "\nhost="
        + host
        + "\npid="
        + ProcessHandle.current().pid()
        + "\nstarted_at="
        + startedAt
        + "\n";
  }

  /** A lock file's text as one phrase for messages. */
  static String describe(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException e) {
      return "an unreadable lock file";
    }
    if (p.getProperty("run_id") == null) {
      return "a run that has not written its name yet";
    }
    return String.format(
        "run %s (marketlens %s, pid %s on host %s, started %s)",
        p.getProperty("run_id"),
        p.getProperty("command"),
        p.getProperty("pid"),
        p.getProperty("host"),
        p.getProperty("started_at"));
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  private static void write(FileChannel channel, String text) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Releases the lock (a second call does nothing). */
  @Override
  public synchronized void close() {
    if (!released) {
      released = true;
      release.run();
    }
  }
}
