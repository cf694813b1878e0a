package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.server.api.CutDto;
import dev.tandem.server.api.RestoreActionDto;
import dev.tandem.server.api.RestoreEntryDto;
import dev.tandem.server.api.RestoreReportDto;
import dev.tandem.server.api.RestoreRequestDto;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem restore}: an HDFS path, or a Hive table or some of its partitions, from a kept cut, onto either site.
 * An existing target is refused (exit 2, the server's 409 naming it) unless {@code --overwrite} confirms it.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = {
    "Restore an HDFS directory or file (--path), or a Hive table (--table) or some of its partitions (--partition), "
        + "from a kept cut of a group onto either site of its pair (--site), in place or to a new path (--to) or "
        + "table (--as). Owners, permissions, ACLs and table definitions are those of the cut.",
    "Existing data is replaced only with --overwrite; --dry-run lists what would be written. "
        + "--list shows the group's kept cuts. Needs role operator (viewer for --list)."})
final class RestoreCommand extends ClientCommand {
  @Parameters(index = "0", description = "Group name")
  String group;

  @Parameters(index = "1", arity = "0..1", description = "Cut id (see --list), e.g. 20261124T150000000Z")
  String cut;

  @Option(names = "--list", description = "List the group's kept cuts instead.")
  boolean list;

  @Option(names = "--site", description = "Site restored to: the group's primary or secondary.")
  String site;

  @Option(names = "--path", description = "HDFS directory or file of the group's data sets.")
  String path;

  @Option(names = "--table", description = "Hive table, database.table.")
  String table;

  @Option(names = "--partition", description = "A partition of --table, e.g. dt=2026-01-01 (repeatable); "
      + "default: the whole table.")
  List<String> partitions = new ArrayList<>();

  @Option(names = "--to", description = "New HDFS path (for --path), or the new table's directory (for --as).")
  String to;

  @Option(names = "--as", description = "New table name, database.table (for --table).")
  String as;

  @Option(names = "--dry-run", description = "Write nothing; list what would be written.")
  boolean dryRun;

  @Option(names = "--overwrite", description = "Confirm that existing files, tables or partitions are replaced.")
  boolean overwrite;

  @Override
  public Integer call() {
    String base = "/api/v1/groups/" + segment(group) + "/cuts";
    if (list) {
      if (!printedJson("GET", base, null)) {
        Tables t = new Tables("CUT", "TAKEN", "LAST GOOD", "ROOTS");
        for (CutDto c : client().get(base, new TypeReference<List<CutDto>>() {})) {
          t.row(c.id(), Tables.time(c.takenAt()), c.lastGood() ? "yes" : "", String.join(",", c.roots()));
        }
        t.print(out());
      }
      return 0;
    }
    if (cut == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing cut id (tandem restore "
          + group + " --list shows the kept cuts)");
    }
    RestoreRequestDto body = new RestoreRequestDto(site, path, table, partitions, to, as, dryRun, overwrite);
    String url = base + "/" + segment(cut) + "/restore";
    if (!printedJson("POST", url, body)) {
      print(out(), client().send("POST", url, body, RestoreReportDto.class));
    }
    return 0;
  }

  static void print(PrintWriter out, RestoreReportDto r) {
    out.println((r.dryRun() ? "Dry run: would restore" : "Restored") + " from cut " + r.cut() + " of group "
        + r.group() + " on " + r.site() + (r.dryRun() ? "" : ": " + r.filesCopied() + " file(s), " + r.bytesCopied()
        + " byte(s) copied, " + r.pathsDeleted() + " path(s) deleted, " + r.tablesWritten() + " table(s) and "
        + r.partitionsWritten() + " partition(s) written"));
    Tables actions = new Tables("WHAT", "FROM", "TO", "REPLACES");
    for (RestoreActionDto a : r.actions()) {
      actions.row(a.kind(), a.source(), a.target(), a.replaces() ? "yes" : "");
    }
    actions.print(out);
    if (r.dryRun()) {
      Tables entries = new Tables("WRITES", "TYPE", "BYTES");
      for (RestoreEntryDto e : r.entries()) {
        entries.row(e.path(), e.directory() ? "dir" : "file", e.directory() ? "" : e.length());
      }
      entries.print(out);
      if (r.entriesOmitted() > 0) {
        out.println("... and " + r.entriesOmitted() + " more");
      }
    }
    r.notes().forEach(n -> out.println("Note      " + n));
    out.flush();
  }
}
