package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocationRewriterTest {
  private final LocationRewriter rewriter = new LocationRewriter("hdfs://nn-east:8020", "hdfs://nn-west:9000");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "hdfs://nn-east:8020/data/billing/events, hdfs://nn-west:9000/data/billing/events",
      "hdfs://NN-EAST:8020/data/x/, hdfs://nn-west:9000/data/x",
      "/data/scheme-less, /data/scheme-less",
      "hdfs://other:8020/data/x, hdfs://other:8020/data/x",
      "s3a://bucket/data/x, s3a://bucket/data/x"})
  void movesOnlyThePrimarysLocations(String location, String expected) {
    assertThat(rewriter.toSecondary(location)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "hdfs://nn-east:8020/data/a, /data/a",
      "/data/b, /data/b",
      "hdfs://other:8020/data/c, ''",
      "s3a://bucket/d, ''"})
  void pathOnThePrimaryOnlyForItsFileSystem(String location, String path) {
    assertThat(rewriter.pathOnPrimary(location)).isEqualTo(path.isEmpty() ? Optional.empty() : Optional.of(path));
  }
}
