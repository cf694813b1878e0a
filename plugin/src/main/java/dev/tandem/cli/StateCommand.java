package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.model.InvalidInputException;
import dev.tandem.server.TandemServer;
import dev.tandem.server.api.StateImportDto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem state export|import}: Tandem's own state of a site as a JSON document. */
@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Export or import the sites, pairs, protection groups and arbitration settings of the server's "
        + "site (no secrets). Needs role admin.",
    subcommands = {StateCommand.Export.class, StateCommand.Import.class})
final class StateCommand {

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Print the state document (or write it to --file).")
  static final class Export extends ClientCommand {
    @Option(names = "--file", description = "Write the document here instead of to standard output")
    Path file;

    @Override
    public Integer call() throws IOException {
      String doc = client().raw("GET", "/api/v1/state", null);
      if (file == null) {
        out().println(doc);
        out().flush();
      } else {
        Files.writeString(file, doc + "\n", StandardCharsets.UTF_8);
        out().println("State of the site written to " + file);
        out().flush();
      }
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Import a state document into the server's site: everything is validated first; then what "
          + "the registry lacks is written, and what it holds already, equal, is left alone.",
          "A record that exists with other values is refused (409) and nothing is written."})
  static final class Import extends ClientCommand {
    @Parameters(index = "0", description = "The document, as `tandem state export` wrote it")
    Path file;

    @Override
    public Integer call() {
      JsonNode doc;
      try {
        doc = TandemServer.apiMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new InvalidInputException("file", "Cannot read " + file + " as JSON: " + e.getMessage());
      }
      if (printedJson("POST", "/api/v1/state", doc)) {
        return 0;
      }
      StateImportDto r = client().send("POST", "/api/v1/state", doc, StateImportDto.class);
      out().println("Created:   " + (r.created().isEmpty() ? "nothing" : String.join(", ", r.created())));
      out().println("Unchanged: " + (r.unchanged().isEmpty() ? "nothing" : String.join(", ", r.unchanged())));
      out().flush();
      return 0;
    }
  }
}
