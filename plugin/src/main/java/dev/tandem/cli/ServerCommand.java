package dev.tandem.cli;

import dev.tandem.server.ServerConfiguration;
import dev.tandem.server.TandemServer;
import java.io.File;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem server --conf-dir <dir>}: the control-plane server of one site, in the foreground. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Runs the Tandem server of this site in the foreground until SIGINT/SIGTERM.",
        "Reads <conf-dir>/tandem-site.xml, and Hadoop's *-site.xml from $HADOOP_CONF_DIR (default "
            + "/etc/hadoop/conf) and <conf-dir>; scripts/tandem also puts them on the class path."})
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--conf-dir", description = "Directory with tandem-site.xml. Default: $TANDEM_CONF_DIR or "
      + "${DEFAULT-VALUE}", defaultValue = "${env:TANDEM_CONF_DIR:-/etc/tandem/conf}")
  File confDir;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    for (String signal : new String[] {"INT", "TERM"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
    }
    try (TandemServer server = ServerConfiguration.fromConfDir(confDir).start()) {
      System.out.println("Tandem server listening on " + server.uri() + "/api/v1");
      stop.await();
    }
    return 0;
  }
}
