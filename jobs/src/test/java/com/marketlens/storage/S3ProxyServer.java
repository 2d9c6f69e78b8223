package com.marketlens.storage;

import com.marketlens.ChildProcesses;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * S3Proxy (an S3-compatible server) in its own process, storing each bucket as a folder under
 * {@code root}. Its classpath comes from the it/s3proxy module (S3Proxy cannot share Spark's JVM).
 */
final class S3ProxyServer implements AutoCloseable {

  static final String IDENTITY = "local-identity";
  static final String CREDENTIAL = "local-credential-0123456789";

  private final Process process;
  private final int port;
  private final Path root;

  private S3ProxyServer(Process process, int port, Path root) {
    this.process = process;
    this.port = port;
    this.root = root;
  }

  static S3ProxyServer start(Path home, Path root, String... buckets) throws Exception {
    Path classpath = home.resolve("it/s3proxy/target/s3proxy-classpath.txt");
    if (!Files.exists(classpath)) {
      throw new IllegalStateException(
          classpath + " is missing: build the it/s3proxy module (mvn -B verify)");
    }
    for (String bucket : buckets) {
      Files.createDirectories(root.resolve("data").resolve(bucket));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf =
        Files.writeString(
            root.resolve("s3proxy.conf"),
            String.join(
                    "\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + root.resolve("data"),
                    "jclouds.identity=unused",
                    "jclouds.credential=unused")
                + "\n");
    Process p =
        new ProcessBuilder(
                "java",
                "-Xmx256m",
                "-Dlogback.configurationFile=" + home.resolve("it/s3proxy/logback.xml"),
                "-cp",
                Files.readString(classpath).strip(),
                "org.gaul.s3proxy.Main",
                "--properties",
                conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("s3proxy.log").toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(p, port, root);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!server.answers()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException(
            "S3Proxy did not start: " + Files.readString(root.resolve("s3proxy.log")));
      }
      Thread.sleep(200);
    }
    return server;
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
      c.setConnectTimeout(500);
      return c.getResponseCode() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Where S3Proxy keeps an object: {@code <root>/data/<bucket>/<key>}. */
  Path objectPath(String bucket, String key) {
    return root.resolve("data").resolve(bucket).resolve(key);
  }

  /** The S3A settings for this server (path-style, plain HTTP, static keys). */
  void configure(Configuration hadoop) {
    hadoop.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    hadoop.set("fs.s3a.endpoint.region", "us-east-1");
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.connection.ssl.enabled", "false");
    hadoop.set("fs.s3a.access.key", IDENTITY);
    hadoop.set("fs.s3a.secret.key", CREDENTIAL);
    hadoop.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set("fs.s3a.buffer.dir", root.resolve("s3a-buffer").toString());
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }
}
