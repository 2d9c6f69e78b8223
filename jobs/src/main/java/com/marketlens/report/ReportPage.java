package com.marketlens.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The report's HTML page: its figures inlined as PNG, and the tables without rows with why. */
final class ReportPage {

  /** A chart saved as {@code file} (a PNG beside the page), with its heading and caption. */
  record Figure(String file, String title, String caption) {}

  private ReportPage() {}

  static String html(
      Path out, String runId, LocalDate runDate, List<Figure> figures, Map<String, String> empty)
      throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>MarketLens report</title>\n")
        .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append("figure{margin:2em 0}img{max-width:100%;border:1px solid #ddd}")
        .append("figcaption{color:#555}</style>")
        .append("</head><body>\n<h1>MarketLens report</h1>\n<p>Run ")
        .append(escape(runId))
        .append(", run date ")
        .append(runDate)
        .append(". Metric definitions: docs/metrics.md. Every chart is drawn from the gold")
        .append(" tables of this warehouse; the PNG files sit next to this page.</p>\n");
    if (!empty.isEmpty()) {
      h.append("<h2>Tables without rows</h2>\n<ul class=\"empty\">\n");
      empty.forEach(
          (table, why) ->
              h.append("<li><code>")
                  .append(escape(table))
                  .append("</code>: ")
                  .append(escape(why))
                  .append("</li>\n"));
      h.append("</ul>\n");
    }
    for (Figure f : figures) {
      byte[] png = Files.readAllBytes(out.resolve(f.file()));
      h.append("<figure><h2>")
          .append(escape(f.title()))
          .append("</h2>\n<img alt=\"")
          .append(escape(f.title()))
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png))
          .append("\">\n<figcaption>")
          .append(escape(f.caption()))
          .append(" (")
          .append(f.file())
          .append(")</figcaption></figure>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
