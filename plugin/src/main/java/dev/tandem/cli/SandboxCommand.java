package dev.tandem.cli;

import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxData;
import dev.tandem.sandbox.SandboxDemo;
import java.io.File;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.fs.FileUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem sandbox [--demo]}: two in-process sites on this machine, with a sample service's data. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = {"Starts two in-process sites (HDFS + ZooKeeper each) with the sample service 'billing'.",
        "With --demo, runs the whole story unattended and exits 0 only if it worked."})
final class SandboxCommand implements Callable<Integer> {
  @Option(names = "--work-dir", description = "State of both sites (wiped at start). Default: ${DEFAULT-VALUE}",
      defaultValue = "${env:TANDEM_WORK_DIR:-work/sandbox}")
  File workDir;

  @Option(names = "--demo", description = "Pair, protect, back up fully, change files, back up incrementally, "
      + "verify, report, exit.")
  boolean demo;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    FileUtil.fullyDelete(workDir);
    if (!workDir.mkdirs()) {
      throw new IllegalStateException("Cannot create work directory " + workDir);
    }
    out.println("Starting sandbox sites in " + workDir.getAbsolutePath() + " ...");
    CountDownLatch stop = new CountDownLatch(1);
    // Close on the main thread, not in a JVM shutdown hook: Hadoop's daemons cannot stop cleanly once the
    // JVM is shutting down.
    for (String signal : new String[] {"INT", "TERM"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
    }
    try (Sandbox sandbox = Sandbox.builder(workDir.getAbsoluteFile()).start().registerSites()) {
      SandboxData.seed(sandbox.primary().fs());
      SandboxData.printEndpoints(sandbox, out);
      if (demo) {
        boolean ok = new SandboxDemo(sandbox, out).run();
        return ok ? 0 : TandemCli.EXIT_FAILED;
      }
      out.println();
      out.println("Sandbox is up. Press Ctrl-C to stop it.");
      stop.await();
      out.println("Stopping sandbox ...");
    }
    return 0;
  }
}
