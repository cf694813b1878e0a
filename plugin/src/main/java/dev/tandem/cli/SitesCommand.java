package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.server.api.ConnectivityDto;
import dev.tandem.server.api.SiteDto;
import dev.tandem.server.api.SiteRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem sites}: list sites; {@code sites add}, {@code sites check}. */
@Command(name = "sites", mixinStandardHelpOptions = true,
    description = "List sites with location, resources and health.",
    subcommands = {SitesCommand.Add.class, SitesCommand.Check.class})
final class SitesCommand extends ClientCommand {
  @Override
  public Integer call() {
    if (printedJson("GET", "/api/v1/sites", null)) {
      return 0;
    }
    List<SiteDto> sites = client().get("/api/v1/sites", new TypeReference<List<SiteDto>>() {});
    Tables t = new Tables("SITE", "LOCATION", "ROLE", "NODES", "VCORES", "MEMORY", "HDFS USED / CAPACITY",
        "REACHABLE", "OPEN FILES IN SNAPSHOTS", "FILE SYSTEM");
    for (SiteDto s : sites) {
      var spec = s.spec();
      t.row(s.id() + (s.local() ? " *" : ""), s.location().isEmpty() ? "-" : s.location(),
          s.roles().isEmpty() ? "unpaired" : String.join(", ", s.roles()), spec.nodes(), spec.vcores(),
          spec.memoryMb() == 0 ? "-" : Tables.bytes(spec.memoryMb() * 1024 * 1024),
          Tables.bytes(spec.hdfsUsedBytes()) + " / " + Tables.bytes(spec.hdfsCapacityBytes()),
          s.health() == null ? "unknown" : s.health().reachable() ? "yes" : "NO: " + s.health().error(),
          openFiles(s), s.fileSystemUri());
    }
    t.print(out());
    out().println("(* = the site of this server)");
    out().flush();
    return 0;
  }

  /** What the site's snapshots do with files open for write, and the fix where they follow them. */
  static String openFiles(SiteDto s) {
    String c = s.health() == null ? null : s.health().openFileCapture();
    if (c == null) {
      return "-";
    }
    return switch (c) {
      case "FROZEN" -> "frozen";
      case "LIVE" -> "LIVE: set dfs.namenode.snapshot.capture.openfiles=true";
      default -> "unknown";
    };
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Register or replace another site (usually the peer). Needs role admin.")
  static final class Add extends ClientCommand {
    @Parameters(index = "0", description = "Site name, e.g. west")
    String site;

    @Option(names = "--fs", required = true, description = "The site's HDFS, e.g. hdfs://nn.west:8020")
    String fileSystem;

    @Option(names = "--zk", required = true, description = "ZooKeeper connect string of the site's registry")
    String zookeeper;

    @Option(names = "--location", description = "Where the site is", defaultValue = "")
    String location;

    @Option(names = "--metastore", description = "Hive metastore URI(s)", defaultValue = "")
    String metastore;

    @Override
    public Integer call() {
      SiteRequest body = new SiteRequest(location, fileSystem, zookeeper, metastore);
      String path = "/api/v1/sites/" + segment(site);
      if (printedJson("PUT", path, body)) {
        return 0;
      }
      SiteDto s = client().send("PUT", path, body, SiteDto.class);
      out().println("Site " + s.id() + " registered (" + s.fileSystemUri() + ", registry " + s.registryConnect() + ")");
      out().flush();
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Probe a site's registry and file system now. Exit 3 when either does not answer.")
  static final class Check extends ClientCommand {
    @Parameters(index = "0", description = "Site name")
    String site;

    @Override
    public Integer call() {
      ConnectivityDto c = client().get("/api/v1/sites/" + segment(site) + "/connectivity", ConnectivityDto.class);
      if (options.json) {
        out().println(client().raw("GET", "/api/v1/sites/" + segment(site) + "/connectivity", null));
      } else {
        PairCommand.printConnectivity(out(), List.of(c));
      }
      out().flush();
      return c.ok() ? 0 : TandemCli.EXIT_UNREACHABLE;
    }
  }
}
