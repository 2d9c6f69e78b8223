package com.marketlens.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketlens.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket, java.net.http): opens a page,
 * records console errors, uncaught exceptions and every network request, evaluates scripts and
 * takes screenshots. For the report tests; no Selenium or Node needed, only a {@code chromium}
 * binary (Debian's package; {@code MARKETLENS_CHROMIUM} names another).
 */
final class HeadlessBrowser implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();

  /** The Chromium binary: $MARKETLENS_CHROMIUM, else chromium or google-chrome on the PATH. */
  static Optional<Path> binary() {
    String named = System.getenv("MARKETLENS_CHROMIUM");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  HeadlessBrowser(Path binary) throws Exception {
    profile = Files.createTempDirectory("marketlens-chromium");
    process =
        new ProcessBuilder(
                binary.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    Path active = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.exists(active) || Files.readAllLines(active).size() < 2) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readAllLines(active).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    String page = null;
    while (page == null) {
      JsonNode targets =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      for (JsonNode t : targets) {
        if (t.path("type").asText().equals("page")) {
          page = t.path("webSocketDebuggerUrl").asText();
        }
      }
      if (page == null) {
        Thread.sleep(100);
      }
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(page), new Listener())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      send(domain + ".enable", JSON.createObjectNode());
    }
  }

  /** Sets the viewport, opens {@code page} and waits until the report has drawn its charts. */
  void open(Path page, int width, int height) throws Exception {
    ObjectNode metrics = JSON.createObjectNode();
    metrics.put("width", width).put("height", height).put("deviceScaleFactor", 1);
    metrics.put("mobile", width < 700);
    send("Emulation.setDeviceMetricsOverride", metrics);
    int before = events().size();
    send("Page.navigate", JSON.createObjectNode().put("url", page.toUri().toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (events().subList(before, events().size()).stream()
        .noneMatch(e -> e.path("method").asText().equals("Page.loadEventFired"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the page did not load: " + page);
      }
      Thread.sleep(50);
    }
    while (evaluate("document.body.getAttribute('data-rendered')").isNull() && errors().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the report did not finish drawing: " + page);
      }
      Thread.sleep(50);
    }
  }

  /** The value of a JavaScript expression (JSON-serialisable), evaluated in the page. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r =
        send(
            "Runtime.evaluate",
            JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(
          "script failed: " + expression + ": " + r.path("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /**
   * Console errors, failed assertions, uncaught exceptions and browser log errors (CSP refusals,
   * failed loads) since the browser started.
   */
  List<String> errors() {
    List<String> errors = new ArrayList<>();
    for (JsonNode e : events()) {
      String method = e.path("method").asText();
      JsonNode p = e.path("params");
      if (method.equals("Runtime.exceptionThrown")) {
        errors.add("exception: " + p.path("exceptionDetails"));
      } else if (method.equals("Runtime.consoleAPICalled")
          && List.of("error", "assert").contains(p.path("type").asText())) {
        errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
      } else if (method.equals("Log.entryAdded")
          && p.path("entry").path("level").asText().equals("error")) {
        errors.add("log: " + p.path("entry").path("text").asText());
      }
    }
    return errors;
  }

  /** The URL of every request the pages made, the pages themselves included. */
  List<String> requests() {
    return events().stream()
        .filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
        .map(e -> e.path("params").path("request").path("url").asText())
        .toList();
  }

  /** A PNG of the whole page, not just the viewport. */
  void screenshot(Path file) throws Exception {
    JsonNode size = send("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
    ObjectNode clip = JSON.createObjectNode();
    clip.put("x", 0).put("y", 0).put("scale", 1);
    clip.put("width", size.path("width").asDouble()).put("height", size.path("height").asDouble());
    ObjectNode params = JSON.createObjectNode().put("format", "png");
    params.put("captureBeyondViewport", true).set("clip", clip);
    JsonNode shot = send("Page.captureScreenshot", params);
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  /** The page printed to PDF (A4), as the browser's print dialog would. */
  byte[] print() throws Exception {
    JsonNode pdf =
        send(
            "Page.printToPDF",
            JSON.createObjectNode()
                .put("paperWidth", 8.27)
                .put("paperHeight", 11.69)
                .put("printBackground", true));
    return Base64.getDecoder().decode(pdf.path("data").asText());
  }

  private synchronized List<JsonNode> events() {
    return new ArrayList<>(events);
  }

  private JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(message.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.path("error"));
    }
    return r.path("result");
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    ChildProcesses.stop(process);
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  /** Replies complete their request's future; events are kept in arrival order. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode m = JSON.readTree(partial.toString());
          if (m.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(m.path("id").asInt());
            if (reply != null) {
              reply.complete(m);
            }
          } else {
            synchronized (HeadlessBrowser.this) {
              events.add(m);
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } finally {
          partial.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, 0, Math.min(bytes.length, 8), StandardCharsets.US_ASCII);
  }
}
