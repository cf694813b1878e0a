package dev.tandem.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the verbs that talk to a Tandem server. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Spec
  CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  ApiClient client() {
    return options.client();
  }

  /** With {@code --json}, prints the answer as the server sent it and returns true. */
  boolean printedJson(String method, String path, Object body) {
    if (!options.json) {
      return false;
    }
    out().println(client().raw(method, path, body));
    out().flush();
    return true;
  }
}
