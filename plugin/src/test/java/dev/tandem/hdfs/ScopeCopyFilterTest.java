package dev.tandem.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.Scope;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DistCp hands the filter qualified listing paths and scheme-less relative diff paths; both must work. */
class ScopeCopyFilterTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "hdfs://nn:8020/data/.snapshot/tandem-g-1/billing/events/f, true",
      "hdfs://nn:8020/data/.snapshot/tandem-g-1/billing, true",
      "hdfs://nn:8020/data/.snapshot/tandem-g-1, true",
      "hdfs://nn:8020/data/.snapshot/tandem-g-1/other/f, false",
      "hdfs://nn:8020/data/billing/events/f, true",
      "hdfs://nn:8020/data/other, false",
      "/billing/events/f, true",
      "/billing, true",
      "/other/f, false",
      "/billing/eventsX, false"})
  void keepsTheScopeAndItsAncestors(String path, boolean copied) {
    Configuration conf = new Configuration(false);
    ScopeCopyFilter.configure(conf, "/data", new Scope(List.of("billing/events")));
    assertThat(conf.get("distcp.filters.class")).isEqualTo(ScopeCopyFilter.class.getName());
    assertThat(new ScopeCopyFilter(conf).shouldCopy(new Path(path))).isEqualTo(copied);
  }
}
