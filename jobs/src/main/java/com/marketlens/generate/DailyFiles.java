package com.marketlens.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One dataset's files of a {@link ScrapeSchedule}: each row goes to the scrape that first saw its
 * story day. Without daily drops that is a single {@link ScrapeWriter}, so the files (and the
 * random draws behind their mess) are the same as writing to it directly.
 */
final class DailyFiles implements AutoCloseable {

  private final Path root;
  private final String dataset;
  private final String[] columns;
  private final List<String> formats;
  private final long rowsPerPart;
  private final Random rnd;
  private final ScrapeSchedule schedule;
  private final Map<String, ScrapeWriter> byStem = new TreeMap<>();

  DailyFiles(
      Path root,
      String dataset,
      String[] columns,
      List<String> formats,
      long rowsPerPart,
      Random rnd,
      ScrapeSchedule schedule)
      throws IOException {
    Files.createDirectories(root.resolve(dataset));
    this.root = root;
    this.dataset = dataset;
    this.columns = columns;
    this.formats = formats;
    this.rowsPerPart = rowsPerPart;
    this.rnd = rnd;
    this.schedule = schedule;
  }

  /** The writer of the scrape that holds the rows of {@code storyDay}. */
  ScrapeWriter on(LocalDate storyDay) {
    return byStem.computeIfAbsent(
        schedule.stemOf(storyDay),
        stem -> {
          try {
            return new ScrapeWriter(root, dataset, stem, columns, formats, rowsPerPart, rnd);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Records written to every scrape's files. */
  long records() {
    return byStem.values().stream().mapToLong(ScrapeWriter::records).sum();
  }

  @Override
  public void close() throws IOException {
    for (ScrapeWriter writer : byStem.values()) {
      writer.close();
    }
  }
}
