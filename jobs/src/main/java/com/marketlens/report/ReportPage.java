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
      Path out,
      String runId,
      LocalDate runDate,
      List<Figure> figures,
      Map<String, String> empty,
      List<ReportData.Impact> impacts)
      throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>MarketLens report</title>\n")
        .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append("figure{margin:2em 0}img{max-width:100%;border:1px solid #ddd}")
        .append("figcaption{color:#555}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
        .append("td.text,th{text-align:left}</style>")
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
    impactTable(h, impacts);
    return h.append("</body></html>\n").toString();
  }

  /** market_event_impact as a table: growth rates as % a month (30 days), change and p-value. */
  private static void impactTable(StringBuilder h, List<ReportData.Impact> impacts) {
    h.append("<h2>Did market events change the growth curve?</h2>\n")
        .append("<p>Growth rate of the daily IPs (MAU where a site has no panel) in the window")
        .append(" before and after each event, as % a month, the change in percentage points,")
        .append(" and the share of other dates, away from every event, with a change at least as")
        .append(" large (p). See docs/metrics.md for")
        .append(" how to read p.</p>\n");
    if (impacts.isEmpty()) {
      h.append("<p>No market event falls within a growth series.</p>\n");
      return;
    }
    h.append("<table class=\"impact\"><tr><th>site</th><th>series</th><th>date</th><th>event</th>")
        .append("<th>before</th><th>after</th><th>change</th><th>p</th><th>status</th></tr>\n");
    for (ReportData.Impact i : impacts) {
      h.append("<tr><td class=\"text\">")
          .append(escape(i.site()))
          .append("</td><td class=\"text\">")
          .append(escape(i.series()))
          .append("</td><td class=\"text\">")
          .append(i.on())
          .append("</td><td class=\"text\">")
          .append(escape(i.event()))
          .append("</td><td>")
          .append(monthly(i.slopeBefore()))
          .append("</td><td>")
          .append(monthly(i.slopeAfter()))
          .append("</td><td>")
          .append(
              i.slopeChange() == null
                  ? ""
                  : String.format(
                      "%+.1f pp", percentAMonth(i.slopeAfter()) - percentAMonth(i.slopeBefore())))
          .append("</td><td>")
          .append(i.pValue() == null ? "" : String.format("%.3f", i.pValue()))
          .append("</td><td class=\"text\">")
          .append(escape(i.status()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** A log growth rate per day as % growth a month (30 days). */
  private static String monthly(Double perDay) {
    return perDay == null ? "" : String.format("%+.1f%%", percentAMonth(perDay));
  }

  private static double percentAMonth(double perDay) {
    return 100 * (Math.exp(30 * perDay) - 1);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
