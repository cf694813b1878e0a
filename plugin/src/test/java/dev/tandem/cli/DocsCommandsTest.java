package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Issue 21 H: every {@code tandem} command line in the install guide and the runbooks ({@code docs/*.md}, code blocks
 * and inline code) and in the READMEs' code blocks names verbs and options the CLI has. A guide that tells an
 * operator to type a flag that does not exist fails here, not during an outage.
 */
class DocsCommandsTest {
  private static final Path REPO = Path.of("..");
  /** What the runbooks abbreviate as {@code $REGISTRIES}. */
  private static final String REGISTRIES = "--registry zk1:2181 --registry zk2:2181 --pair east+west";
  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```[a-z]*\\n(.*?)^\\s*```");
  private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
  /** {@code tandem} and its words, one space apart (the README's file tree aligns with several: not a command). */
  private static final Pattern COMMAND = Pattern.compile(
      "(?:^|[\\s;(])(?:scripts/|/usr/lib/tandem/bin/)?tandem((?: [^\\s#|;)]+)+)");
  /** Built once: the command tree is all the check reads. */
  private static final CommandLine CLI = TandemCli.commandLine();

  @Test
  void everyDocumentedCommandAndFlagExists() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : files()) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      for (String line : commandLines(text, file.getParent().endsWith("docs"))) {
        Matcher m = COMMAND.matcher(line.replace("$REGISTRIES", REGISTRIES));
        while (m.find()) {
          checked++;
          String problem = check(m.group(1).trim().split(" "));
          if (problem != null) {
            problems.add(REPO.relativize(file) + ": `tandem " + m.group(1).trim() + "`: " + problem);
          }
        }
      }
    }
    assertThat(checked).as("command lines found").isGreaterThan(40);
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckFindsWhatDoesNotExist() {
    assertThat(check(new String[] {"rewind", "billing"})).contains("no verb 'rewind'");
    assertThat(check(new String[] {"run", "start", "billing", "--verify-everything"})).contains("--verify-everything");
    assertThat(check(new String[] {"arbiter", "stop"})).contains("no verb 'stop'");
    assertThat(check(new String[] {"failover", "--force", "--registry", "zk:2181"})).isNull();
  }

  /** Null when {@code words} (after {@code tandem}) are verbs and options of the CLI, else what is wrong. */
  static String check(String[] words) {
    CommandSpec spec = CLI.getCommandSpec();
    for (String raw : words) {
      String word = raw.replaceAll("^\\[+|[\\].,]+$", "");
      if (word.startsWith("--")) {
        String option = word.split("=", 2)[0];
        if (spec.findOption(option) == null) {
          return "'" + spec.qualifiedName() + "' has no option " + option;
        }
      } else if (!spec.subcommands().isEmpty() && !word.isEmpty() && !word.startsWith("-")) {
        CommandLine sub = spec.subcommands().get(word);
        if (sub == null) {
          return "'" + spec.qualifiedName() + "' has no verb '" + word + "'";
        }
        spec = sub.getCommandSpec();
      }
    }
    return null;
  }

  /** Lines of the code blocks, joined over {@code \} continuations; in the guides also inline code. */
  private static List<String> commandLines(String text, boolean inlineToo) {
    List<String> out = new ArrayList<>();
    Matcher block = FENCE.matcher(text);
    while (block.find()) {
      out.addAll(List.of(block.group(1).replaceAll("\\\\\\n\\s*", " ").split("\\n")));
    }
    if (inlineToo) {
      Matcher span = INLINE.matcher(FENCE.matcher(text).replaceAll(""));
      while (span.find()) {
        out.add(span.group(1));
      }
    }
    return out;
  }

  private static List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>(List.of(REPO.resolve("README.md"), REPO.resolve("stack-definitions/README.md")));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }
}
