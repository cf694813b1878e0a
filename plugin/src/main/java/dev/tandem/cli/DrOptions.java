package dev.tandem.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the pair's registries are and how long to wait: shared by the disaster-recovery verbs. */
final class DrOptions {
  @Option(names = "--registry", required = true, paramLabel = "ZK",
      description = "ZooKeeper connect string of a site's registry; repeat it for the other site, so that the verb "
          + "works when one site is gone.")
  List<String> registries;

  @Option(names = "--registry-root", defaultValue = "/tandem", description = "Registry root (default: ${DEFAULT-VALUE})")
  String root;

  @Option(names = "--pair", paramLabel = "SITE+SITE",
      description = "The pair, e.g. east+west; may be left out when the registry knows only one pair.")
  String pair;

  @Option(names = "--timeout", defaultValue = "PT5M", paramLabel = "DURATION",
      description = "How long to wait for the promoted site's server (ISO-8601, default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--local-jobs", description = "Run DistCp jobs in this process (local job runner) instead of on "
      + "the cluster the Hadoop configuration names.")
  boolean localJobs;
}
