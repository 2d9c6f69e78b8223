package com.marketlens.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The interactive report checked in headless Chromium: no JavaScript error, no network request,
 * every chart container rendered with data, at 1280x800 and at a phone's width, for every site,
 * product and region the selectors offer; full-page screenshots and a print to PDF are saved.
 */
public final class ReportInBrowser {

  /** Chart containers on a rendered page: id, size, SVG shapes drawn and data points set. */
  private static final String CHARTS =
      "Array.from(document.querySelectorAll('.chart')).map(c => { const id ="
          + " c.id.replace(/^chart-/, ''); const chart = MarketLensReport.charts[id]; return {id:"
          + " id, width: c.clientWidth, height: c.clientHeight, shapes: c.querySelectorAll('svg"
          + " path, svg rect, svg text, svg circle').length, points: chart ?"
          + " chart.getOption().series.reduce((n, s) => n + ((s.data || []).length), 0) : 0}; })";

  private ReportInBrowser() {}

  /** Chromium, or the test is skipped locally; on CI (CI set) a missing browser fails it. */
  static HeadlessBrowser browser() throws Exception {
    var binary = HeadlessBrowser.binary();
    if (binary.isEmpty() && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "CI needs chromium for the report test (.ci/run installs it)");
    }
    Assumptions.assumeTrue(binary.isPresent(), "no chromium on the PATH: browser test skipped");
    return new HeadlessBrowser(binary.get());
  }

  /**
   * Opens {@code page}, checks it at both sizes and through every selector value, saves screenshots
   * and a PDF into {@code shots}; returns the ids of the charts seen.
   */
  public static List<String> check(Path page, Path shots) throws Exception {
    List<String> seen = new ArrayList<>();
    try (HeadlessBrowser b = browser()) {
      b.open(page, 1280, 800);
      seen.addAll(rendered(b, "desktop"));
      // A tooltip shows the exact value: the MAU of a month, in full.
      JsonNode tip =
          b.evaluate(
              "(() => { const c = MarketLensReport.charts['accounting']; if (!c) return null;"
                  + " const site = MarketLensReport.data.sites.find(s => s.site ==="
                  + " document.getElementById('site-select').value); const i ="
                  + " Math.floor(site.accounting.length / 2); c.dispatchAction({type: 'showTip',"
                  + " seriesIndex: 0, dataIndex: i}); return {tip: c.getDom().innerText, month:"
                  + " site.accounting[i].month, mau: site.accounting[i].mau.toLocaleString('en-US')};"
                  + " })()");
      if (!tip.isNull()) {
        assertThat(tip.path("tip").asText())
            .contains(tip.path("month").asText())
            .contains("MAU " + tip.path("mau").asText());
      }
      b.screenshot(shots.resolve("report-1280.png"));
      for (String select : List.of("site-select", "product-select", "region-select")) {
        JsonNode values =
            b.evaluate(
                "Array.from(document.querySelectorAll('#"
                    + select
                    + " option')).map(o => o.value)");
        for (JsonNode v : values) {
          b.evaluate(
              "(() => { const s = document.getElementById('"
                  + select
                  + "'); s.value = '"
                  + v.asText()
                  + "'; s.dispatchEvent(new Event('change')); return true; })()");
          seen.addAll(rendered(b, select + "=" + v.asText()));
        }
      }
      byte[] pdf = b.print();
      assertThat(HeadlessBrowser.text(pdf)).startsWith("%PDF");
      Files.write(shots.resolve("report.pdf"), pdf);

      b.open(page, 390, 844);
      seen.addAll(rendered(b, "phone"));
      assertThat(b.evaluate("document.documentElement.scrollWidth").asInt())
          .as("no sideways scrolling on a phone")
          .isLessThanOrEqualTo(390);
      b.screenshot(shots.resolve("report-390.png"));

      assertThat(b.errors()).as("JavaScript errors").isEmpty();
      assertThat(b.requests())
          .as("the page requests nothing but itself")
          .allSatisfy(url -> assertThat(url).isEqualTo(page.toUri().toString()));
    }
    return seen.stream().distinct().toList();
  }

  /** Every chart on the page has a size, drawn shapes and data; returns their ids. */
  private static List<String> rendered(HeadlessBrowser b, String state) throws Exception {
    assertThat(b.errors()).as("JavaScript errors, " + state).isEmpty();
    JsonNode charts = b.evaluate(CHARTS);
    assertThat(charts.size()).as("charts, " + state).isPositive();
    List<String> ids = new ArrayList<>();
    for (JsonNode c : charts) {
      String what = c.path("id").asText() + ", " + state + ": " + c;
      assertThat(c.path("width").asInt()).as(what).isGreaterThan(200);
      assertThat(c.path("height").asInt()).as(what).isGreaterThan(150);
      assertThat(c.path("shapes").asInt()).as(what).isGreaterThan(20);
      assertThat(c.path("points").asInt()).as(what).isPositive();
      ids.add(c.path("id").asText().replaceAll("-\\d+$", ""));
    }
    return ids;
  }
}
