package dev.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain model carries no Hadoop, ZooKeeper, Curator, Jackson or Jersey types. */
class ModelPurityTest {
  @Test
  void modelImportsOnlyTheJdk() throws IOException {
    Path dir = Path.of("src/main/java/dev/tandem/model");
    List<String> offending;
    try (Stream<Path> files = Files.list(dir)) {
      offending = files.filter(f -> f.toString().endsWith(".java"))
          .flatMap(f -> lines(f).stream().filter(l -> l.startsWith("import ") && !l.startsWith("import java.")
              && !l.startsWith("import static java.")).map(l -> f.getFileName() + ": " + l))
          .toList();
    }
    assertThat(Files.list(dir).count()).isGreaterThan(10);
    assertThat(offending).isEmpty();
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
