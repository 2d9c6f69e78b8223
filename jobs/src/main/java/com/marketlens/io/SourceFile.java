package com.marketlens.io;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scraped input file, named {@code <dataset>/<YYYY-MM-DD>_<part>.<csv|jsonl>} (GBK-encoded CSV:
 * {@code *.gbk.csv}). The scrape date in the name decides which row wins when a key is re-scraped.
 */
public record SourceFile(
    String path,
    String relativePath,
    String dataset,
    LocalDate scrapeDate,
    String format,
    String charset)
    implements Serializable {

  private static final Pattern NAME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_([^/]+?)(\\.gbk)?\\.(csv|jsonl)");

  /**
   * Reads the contract fields from a file name, or returns null when the name does not follow it.
   *
   * @param path the file's full path (any Hadoop file system)
   * @param dataset the dataset folder the file is in
   */
  public static SourceFile fromName(String path, String dataset) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    Matcher m = NAME.matcher(name);
    if (!m.matches() || (m.group(3) != null && !m.group(4).equals("csv"))) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(m.group(1));
    } catch (DateTimeException e) {
      return null;
    }
    String charset = m.group(3) != null ? "GBK" : "UTF-8";
    return new SourceFile(path, dataset + "/" + name, dataset, date, m.group(4), charset);
  }

  public Charset decodeAs() {
    return Charset.forName(charset);
  }
}
