package com.marketlens.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The interactive report page: one self-contained HTML file with Apache ECharts (from the {@code
 * org.webjars.npm:echarts} jar), the report's script and style sheet (resources of this package)
 * and the data (a {@link ReportModel} document) inlined, so that it opens offline in any browser
 * and makes no network request.
 */
final class InteractivePage {

  private static final String WEBJAR = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private InteractivePage() {}

  static String html(ObjectNode model) {
    String version = echartsVersion();
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // No request may leave the page: scripts and styles are inline, images data: URIs.
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
        + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:\">\n"
        + "<title>MarketLens report</title>\n<style>\n"
        + resource("report.css")
        + "</style>\n</head><body>\n"
        + "<header><h1>MarketLens report</h1>\n<nav class=\"toc\"><a href=\"#overview\">Run"
        + " overview</a><a href=\"#sites\">Social networks</a><a href=\"#prices\">Cloud prices</a>"
        + "<a href=\"#losses\">Loss ratios</a></nav></header>\n<main>\n"
        + "<noscript><p>This report draws its charts with JavaScript; enable it, or use"
        + " <code>marketlens report --format png</code> for static images.</p></noscript>\n"
        + "<section id=\"overview\"><h2>Run overview</h2></section>\n"
        + "<section id=\"sites\"><h2>Social networks: cohorts, growth and ceilings</h2>\n"
        + "<div class=\"controls\" id=\"site-picker\"></div><div id=\"site-body\"></div></section>\n"
        + "<section id=\"prices\"><h2>Cloud prices: effective price against unit cost</h2>\n"
        + "<div class=\"controls\" id=\"price-picker\"></div><div id=\"price-body\"></div></section>\n"
        + "<section id=\"losses\"><h2>Loss ratios</h2><div id=\"loss-body\"></div></section>\n"
        + "<p class=\"caption\">Metric definitions: docs/metrics.md. Charts: Apache ECharts "
        + version
        + " (Apache License 2.0), inlined.</p>\n</main>\n"
        + "<script id=\"report-data\" type=\"application/json\">"
        + scriptSafe(model.toString())
        + "</script>\n<script>\n"
        + scriptSafe(
            webjar("META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js"))
        + "\n</script>\n<script>\n"
        + resource("report.js")
        + "</script>\n</body></html>\n";
  }

  /** The ECharts version of the webjar on the class path. */
  static String echartsVersion() {
    try (InputStream in = InteractivePage.class.getClassLoader().getResourceAsStream(WEBJAR)) {
      if (in == null) {
        throw new IllegalStateException("the ECharts webjar is not on the class path: " + WEBJAR);
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text that cannot end the script element it sits in ({@code </script>}, {@code <!--}). */
  static String scriptSafe(String text) {
    return text.replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  private static String resource(String name) {
    return read(InteractivePage.class.getResourceAsStream(name), name);
  }

  private static String webjar(String path) {
    return read(InteractivePage.class.getClassLoader().getResourceAsStream(path), path);
  }

  private static String read(InputStream in, String name) {
    if (in == null) {
      throw new IllegalStateException("missing report resource " + name);
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
