package dev.tandem.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.server.api.AuditEntryDto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem audit}: who changed what, when, and how it ended. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "List the audit log of the server's site (its own entries and those its peers wrote there), "
        + "newest first.")
final class AuditCommand extends ClientCommand {
  @Option(names = "--since", description = "From this time on (ISO-8601, e.g. 2026-11-24T15:00:00Z, or a date)")
  String since;

  @Option(names = "--until", description = "Before this time (ISO-8601 or a date)")
  String until;

  @Option(names = "--by", description = "Only actions of this user")
  String user;

  @Option(names = "--group", description = "Only actions on this protection group")
  String group;

  @Option(names = "--limit", description = "At most this many entries (1-1000, default 100)")
  String limit;

  @Override
  public Integer call() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("since", since);
    q.put("until", until);
    q.put("user", user);
    q.put("group", group);
    q.put("limit", limit);
    String path = "/api/v1/audit" + ApiClient.query(q);
    if (printedJson("GET", path, null)) {
      return 0;
    }
    List<AuditEntryDto> entries = client().get(path, new TypeReference<List<AuditEntryDto>>() {});
    Tables t = new Tables("TIME", "USER", "ACTION", "TARGET", "OUTCOME", "PARAMETERS", "SITE");
    for (AuditEntryDto e : entries) {
      String outcome = (e.success() ? "ok" : "FAILED") + (e.status() == 0 ? "" : " " + e.status())
          + (e.error() == null ? "" : ": " + e.error());
      String params = e.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining(" "));
      t.row(Tables.time(e.time()), e.user() + " (" + e.via() + ")", e.action(), e.target(), outcome,
          params.isEmpty() ? "-" : params,
          e.recordedBy() + (e.unreached().isEmpty() ? "" : ", not on " + String.join(", ", e.unreached())));
    }
    t.print(out());
    out().flush();
    return 0;
  }
}
