package com.marketlens.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Streams one dataset's rows of one scrape to part files the way scrapers leave them: CSV with a
 * shuffled header order (some with a BOM and CRLF, some GBK-encoded) and JSON lines, with blank
 * lines, exact duplicate lines and structurally broken records mixed in. The first records of every
 * file carry one of each structural problem, so every file shows every kind of mess whatever the
 * scale.
 */
final class ScrapeWriter implements AutoCloseable {

  /** Structural mess rates per record (besides the guaranteed ones at the start of each file). */
  private static final double BLANK_LINE = 0.002;

  private static final double EXACT_DUPLICATE = 0.004;
  private static final double BROKEN_RECORD = 0.001;

  private final Path dir;

  /** File names are {@code <stem>_part<n>.<ext>}; the stem starts with the scrape date. */
  private final String stem;

  private final String[] columns;
  private final List<String> formats;
  private final long rowsPerPart;
  private final Random rnd;

  private Writer out;
  private String format;
  private int[] order;
  private String lineEnd;
  private int part;
  private long rowsInPart;
  private long records;

  /**
   * @param formats cycled per part: "csv", "csv-crlf" (BOM + CRLF), "gbk" (GBK CSV) or "jsonl"
   */
  ScrapeWriter(
      Path root,
      String dataset,
      String stem,
      String[] columns,
      List<String> formats,
      long rowsPerPart,
      Random rnd)
      throws IOException {
    this.dir = Files.createDirectories(root.resolve(dataset));
    this.stem = stem;
    this.columns = columns;
    this.formats = formats;
    this.rowsPerPart = rowsPerPart;
    this.rnd = rnd;
  }

  /** Records written, including duplicates and broken ones (blank lines are not records). */
  long records() {
    return records;
  }

  /**
   * Writes one row. Values are Strings, or Numbers written as JSON numbers in JSON lines; null is
   * an empty CSV field or a JSON null.
   */
  void write(Object... values) throws IOException {
    if (out == null || rowsInPart >= rowsPerPart) {
      nextPart();
    }
    rowsInPart++;
    String line = format(values);
    emit(line);
    // Guaranteed structural mess at the start of each file, then random.
    if (rowsInPart == 2 || rnd.nextDouble() < BLANK_LINE) {
      out.write(lineEnd);
    }
    if (rowsInPart == 3 || rnd.nextDouble() < EXACT_DUPLICATE) {
      emit(line);
    }
    if (rowsInPart == 4 || rnd.nextDouble() < BROKEN_RECORD) {
      emit(broken(line));
    }
  }

  private void emit(String line) throws IOException {
    out.write(line);
    out.write(lineEnd);
    records++;
  }

  /** A CSV record missing its last field, or a JSON line cut short. */
  private String broken(String line) {
    if (format.equals("jsonl")) {
      return line.substring(0, line.length() / 2);
    }
    // Never cut inside a quoted field: an unterminated quote would swallow the rest of the file.
    int comma = line.lastIndexOf(',');
    return comma > 0 && line.indexOf('"') < 0 ? line.substring(0, comma) : line + ",extra";
  }

  private String format(Object[] values) {
    StringBuilder s = new StringBuilder();
    if (format.equals("jsonl")) {
      s.append('{');
      for (int i = 0; i < columns.length; i++) {
        s.append(i == 0 ? "" : ",").append('"').append(columns[order[i]]).append("\":");
        Object v = values[order[i]];
        if (v == null) {
          s.append("null");
        } else if (v instanceof Number n) {
          s.append(n instanceof BigDecimal d ? d.toPlainString() : n.toString());
        } else {
          s.append('"').append(jsonEscape(v.toString())).append('"');
        }
      }
      return s.append('}').toString();
    }
    for (int i = 0; i < columns.length; i++) {
      Object v = values[order[i]];
      s.append(i == 0 ? "" : ",")
          .append(
              csvField(
                  v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString()));
    }
    return s.toString();
  }

  private static String csvField(String v) {
    boolean quote =
        v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  private static String jsonEscape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
  }

  private void nextPart() throws IOException {
    close();
    format = formats.get(part % formats.size());
    part++;
    rowsInPart = 0;
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      idx.add(i);
    }
    // Column order is free in the contract: every CSV file but the first shuffles it.
    if (part > 1) {
      Collections.shuffle(idx, rnd);
    }
    order = idx.stream().mapToInt(Integer::intValue).toArray();
    String extension =
        switch (format) {
          case "jsonl" -> ".jsonl";
          case "gbk" -> ".gbk.csv";
          default -> ".csv";
        };
    Charset charset = format.equals("gbk") ? Charset.forName("GBK") : StandardCharsets.UTF_8;
    Path file = dir.resolve(stem + "_part" + part + extension);
    out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), charset), 1 << 16);
    lineEnd = format.equals("csv-crlf") ? "\r\n" : "\n";
    if (format.equals("csv-crlf")) {
      out.write('\uFEFF');
    }
    if (!format.equals("jsonl")) {
      StringBuilder header = new StringBuilder();
      for (int i = 0; i < columns.length; i++) {
        header.append(i == 0 ? "" : ",").append(columns[order[i]]);
      }
      out.write(header + lineEnd);
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }
}
