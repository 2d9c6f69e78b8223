package com.marketlens;

import java.util.concurrent.TimeUnit;

/** Test helpers that run a server beside the test JVM (S3Proxy, headless Chromium) stop it so. */
public final class ChildProcesses {

  private ChildProcesses() {}

  /** Asks the process to end, and kills it if it has not within 10 seconds. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
