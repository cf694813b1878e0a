package dev.tandem.cli;

import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxData;
import dev.tandem.sandbox.SandboxDemo;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.sandbox.SandboxServerConf;
import dev.tandem.server.TandemProperties;
import dev.tandem.server.TandemServer;
import dev.tandem.server.api.GroupStatusDto;
import dev.tandem.server.api.StatusDto;
import dev.tandem.sandbox.SandboxHive;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.fs.FileUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem sandbox [--demo]}: two in-process sites on this machine, with a sample service's data. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = {"Starts two in-process sites (HDFS, ZooKeeper, Hive metastore each) with the sample service",
        "'billing', and the Tandem servers of site east (authentication off) on 127.0.0.1:--port and of site west",
        "on the next port; each runs its site agent, so the pair can switch over and fail over.",
        "With --demo, runs the whole story unattended and exits 0 only if it worked.",
        "With --clusters-only, starts the sites' clusters without Tandem servers and writes, per site, the",
        "configuration directory of a 'tandem server --conf-dir <dir>' (separate processes, e.g. to kill one)."})
final class SandboxCommand implements Callable<Integer> {
  @Option(names = "--work-dir", description = "State of both sites (wiped at start). Default: ${DEFAULT-VALUE}",
      defaultValue = "${env:TANDEM_WORK_DIR:-work/sandbox}")
  File workDir;

  @Option(names = "--demo", description = "Pair, protect, back up fully, change files, back up incrementally, "
      + "verify, report, exit.")
  boolean demo;

  @Option(names = "--port", description = "Port of east's Tandem server (API and web UI) on 127.0.0.1; west's is "
      + "the next one; 0 picks free ones. Default: ${DEFAULT-VALUE}", defaultValue = "21400")
  int port;

  @Option(names = "--clusters-only", description = "Start the clusters (HDFS, ZooKeeper, Hive metastore, fake "
      + "Ambari and Ranger) only; write <work-dir>/conf/<site>/tandem-site.xml for each site's 'tandem server', "
      + "listening on --port (east) and the next port (west).")
  boolean clustersOnly;

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
    if (clustersOnly) {
      if (demo) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--demo needs the sandbox's servers: do not combine it with --clusters-only");
      }
      return clustersOnly(out, stop);
    }
    try (Sandbox sandbox = Sandbox.builder(workDir.getAbsoluteFile()).hive(true).start().registerSites();
        TandemServer server = SandboxServer.start(sandbox, port);
        TandemServer westServer = SandboxServer.start(sandbox, sandbox.secondary(), port == 0 ? 0 : port + 1)) {
      SandboxData.seed(sandbox.primary().fs());
      SandboxHive.seed(sandbox);
      SandboxData.printEndpoints(sandbox, out);
      printServer(server, westServer, out);
      if (demo) {
        boolean ok = new SandboxDemo(sandbox, out).run() && checkThroughApi(server, out);
        return ok ? 0 : TandemCli.EXIT_FAILED;
      }
      out.println();
      out.println("Sandbox is up. Press Ctrl-C to stop it.");
      stop.await();
      out.println("Stopping sandbox ...");
    }
    return 0;
  }

  /** The clusters in this process; the servers are the operator's to start, each in its own process. */
  private int clustersOnly(PrintStream out, CountDownLatch stop) throws InterruptedException {
    // --port 0: free ports for the servers to come
    int eastPort = port == 0 ? freePort() : port;
    int westPort = port == 0 ? freePort() : port + 1;
    try (Sandbox sandbox = Sandbox.builder(workDir.getAbsoluteFile()).hive(true).start().registerSites()) {
      SandboxData.seed(sandbox.primary().fs());
      SandboxHive.seed(sandbox);
      SandboxData.printEndpoints(sandbox, out);
      File confs = new File(workDir.getAbsoluteFile(), "conf");
      SandboxServerConf east = SandboxServerConf.write(sandbox, sandbox.primary(), confs, eastPort,
          java.util.Map.of());
      SandboxServerConf west = SandboxServerConf.write(sandbox, sandbox.secondary(), confs, westPort,
          java.util.Map.of());
      out.println();
      out.println("No Tandem servers run in this process. Start each site's server in its own terminal:");
      for (SandboxServerConf c : new SandboxServerConf[] {east, west}) {
        out.printf("  %-5s scripts/tandem server --conf-dir %s%n", c.properties().get(TandemProperties.SITE_ID),
            c.dir());
        out.printf("        then: TANDEM_SERVER=%s TANDEM_USER=%s TANDEM_PASSWORD=%s scripts/tandem status%n",
            c.serverUri(), SandboxServerConf.USER, SandboxServerConf.PASSWORD);
      }
      out.println("  (tandem-site.xml holds the site's HDFS, ZooKeeper and metastore URIs printed above; basic");
      out.println("  authentication, user " + SandboxServerConf.USER + ", password " + SandboxServerConf.PASSWORD
          + ": a sandbox only)");
      out.println();
      out.println("Clusters are up. Press Ctrl-C to stop them.");
      stop.await();
      out.println("Stopping sandbox clusters ...");
    }
    return 0;
  }

  /** A port free now (the servers bind it later; a sandbox accepts the small race). */
  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("No free port: " + e.getMessage(), e);
    }
  }

  private static void printServer(TandemServer server, TandemServer westServer, PrintStream out) {
    out.println();
    out.println("Tandem server of site east (authentication off: sandbox only):");
    out.println("  API      " + server.uri() + "/api/v1   (description: " + server.uri() + "/api/v1/openapi.json)");
    out.println("  CLI      scripts/tandem --server " + server.uri() + " status");
    out.println("  metrics  " + server.uri() + "/metrics");
    out.println("  UI       " + server.uri() + "/ui/");
    out.println("Tandem server of site west (the standby; it promotes west in a switchover or failover):");
    out.println("  API      " + westServer.uri() + "/api/v1");
    out.println("  UI       " + westServer.uri() + "/ui/");
    out.println("Once paired: GET " + server.uri() + "/api/v1/pairs/east+west/arbitration, "
        + "POST .../switchover, .../failover?force=true, .../failback?switchBack=true, .../drill");
  }

  /** The demo's last step: the server reports the cut the demo just committed, with a lag of seconds. */
  private static boolean checkThroughApi(TandemServer server, PrintStream out) throws Exception {
    out.println("7. The server's view: GET " + server.uri() + "/api/v1/status");
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.uri() + "/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString());
    StatusDto status = TandemServer.apiMapper().readValue(response.body(), StatusDto.class);
    for (GroupStatusDto g : status.groups()) {
      if (g.name().equals("billing") && g.lastGoodCut() != null) {
        out.printf("   group billing: last good cut %s, lag %d s, peer %s reachable: %s, arbiter %s%n",
            g.lastGoodCut(), g.lagSeconds(), status.peer().site(), status.peer().reachable(),
            status.arbiter().state());
        return response.statusCode() == 200;
      }
    }
    out.println("   the server does not report a last good cut of billing: " + response.body());
    return false;
  }
}
