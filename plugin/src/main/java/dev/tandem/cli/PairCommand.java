package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.server.api.ConnectivityDto;
import dev.tandem.server.api.PairConnectivityDto;
import dev.tandem.server.api.PairDto;
import dev.tandem.server.api.PairRequest;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tandem pair}: list pairs; {@code pair create|delete|check}. */
@Command(name = "pair", mixinStandardHelpOptions = true, description = "List cluster pairs.",
    subcommands = {PairCommand.Create.class, PairCommand.Delete.class, PairCommand.Check.class})
final class PairCommand extends ClientCommand {
  @Override
  public Integer call() {
    if (printedJson("GET", "/api/v1/pairs", null)) {
      return 0;
    }
    List<PairDto> pairs = client().get("/api/v1/pairs", new TypeReference<List<PairDto>>() {});
    Tables t = new Tables("PAIR", "PRIMARY", "SECONDARY", "GROUPS");
    pairs.forEach(p -> t.row(p.id(), p.primary(), p.secondary(), p.groups().isEmpty() ? "-"
        : String.join(", ", p.groups())));
    t.print(out());
    return 0;
  }

  static void printConnectivity(PrintWriter out, List<ConnectivityDto> sites) {
    Tables t = new Tables("SITE", "REGISTRY", "FILE SYSTEM");
    for (ConnectivityDto c : sites) {
      t.row(c.site(), c.registry().ok() ? "ok (" + c.registry().latencyMs() + " ms)" : "FAILED: " + c.registry().error(),
          c.fileSystem().ok() ? "ok (" + c.fileSystem().latencyMs() + " ms)" : "FAILED: " + c.fileSystem().error());
    }
    t.print(out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Pair two known sites; written to both sites' registries. Needs role admin.")
  static final class Create extends ClientCommand {
    @Parameters(index = "0", description = "Primary site (whose services are protected)")
    String primary;

    @Parameters(index = "1", description = "Secondary site (where the copies go)")
    String secondary;

    @Override
    public Integer call() {
      PairRequest body = new PairRequest(primary, secondary);
      if (printedJson("POST", "/api/v1/pairs", body)) {
        return 0;
      }
      PairDto p = client().send("POST", "/api/v1/pairs", body, PairDto.class);
      out().println("Paired " + p.primary() + " (primary) with " + p.secondary() + " (secondary): " + p.id());
      out().flush();
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Unpair; refused while groups use the pair. Needs role admin.")
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", description = "Pair id, <primary>--<secondary>")
    String pair;

    @Override
    public Integer call() {
      client().send("DELETE", "/api/v1/pairs/" + segment(pair), null, (Class<?>) null);
      out().println("Pair " + pair + " deleted");
      out().flush();
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Probe both sites of a pair now. Exit 3 when any part does not answer.")
  static final class Check extends ClientCommand {
    @Parameters(index = "0", description = "Pair id, <primary>--<secondary>")
    String pair;

    @Override
    public Integer call() {
      String path = "/api/v1/pairs/" + segment(pair) + "/connectivity";
      PairConnectivityDto c = client().get(path, PairConnectivityDto.class);
      if (options.json) {
        out().println(client().raw("GET", path, null));
      } else {
        printConnectivity(out(), c.sites());
      }
      out().flush();
      return c.ok() ? 0 : TandemCli.EXIT_UNREACHABLE;
    }
  }
}
