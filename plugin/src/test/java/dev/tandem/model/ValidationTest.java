package dev.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is rejected with one clear message naming the field. */
class ValidationTest {
  private static final ClusterPair PAIR = new ClusterPair(SiteId.of("east"), SiteId.of("west"));
  private static final Schedule SCHEDULE = Schedule.parse("01:30", "4h", "UTC");

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("same site on both sides", "secondary", "must be different",
            () -> new ClusterPair(SiteId.of("east"), SiteId.of("east"))),
        bad("site name with markup", "site", "Invalid site name",
            () -> SiteId.of("<b>east</b>")),
        bad("group name with a space", "name", "Invalid name name 'my group'",
            () -> GroupName.of("my group")),
        bad("group name with a slash", "name", "Invalid name name 'a/b'",
            () -> GroupName.of("a/b")),
        bad("group name with a script", "name", "Invalid name name '<script>alert(1)</script>'",
            () -> GroupName.of("<script>alert(1)</script>")),
        bad("empty group name", "name", "empty", () -> GroupName.of("")),
        bad("relative path", "path", "must be absolute", () -> HdfsDirectory.of("data/billing")),
        bad("path with ..", "path", "'.' or '..'", () -> HdfsDirectory.of("/data/../etc")),
        bad("path with .", "path", "'.' or '..'", () -> HdfsDirectory.of("/data/./x")),
        bad("path into a snapshot", "path", "snapshot", () -> HdfsDirectory.of("/data/.snapshot/s1")),
        bad("path with markup", "path", "characters", () -> HdfsDirectory.of("/data/<b>")),
        bad("path with trailing slash", "path", "normalized", () -> HdfsDirectory.of("/data/")),
        bad("empty group", "dataSets", "has no data sets",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR, List.of(), SCHEDULE, 3, null, true)),
        bad("overlapping data sets", "dataSets[1]", "overlap",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR,
                List.of(HdfsDirectory.of("/data"), HdfsDirectory.of("/data/billing")), SCHEDULE, 3, null, true)),
        bad("same table twice", "dataSets[1]", "overlap",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR,
                List.of(new HiveDatabase("sales"), new HiveTable("sales", "orders")), SCHEDULE, 3, null, true)),
        bad("retention zero", "retention", "Invalid retention: 0",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR, List.of(HdfsDirectory.of("/d")), SCHEDULE, 0, null,
                true)),
        bad("periodicity zero", "schedule.periodicity", "Invalid periodicity",
            () -> Schedule.parse("01:30", "0h", "UTC")),
        bad("periodicity negative", "schedule.periodicity", "Invalid periodicity",
            () -> new Schedule(java.time.LocalTime.NOON, Duration.ofHours(-1), null)),
        bad("periodicity unparsable", "schedule.periodicity", "Invalid periodicity: every now and then",
            () -> Schedule.parse("01:30", "every now and then", "UTC")),
        bad("backup moment 25:00", "schedule.backupMoment", "Invalid backup moment: 25:00",
            () -> Schedule.parse("25:00", "4h", "UTC")),
        bad("backup moment unparsable", "schedule.backupMoment", "Invalid backup moment: noon",
            () -> Schedule.parse("noon", "4h", "UTC")),
        bad("unknown zone", "schedule.zone", "Unknown time zone: Mars/Olympus",
            () -> Schedule.parse("01:30", "4h", "Mars/Olympus")),
        bad("hive table with a space", "table", "Invalid Hive table name", () -> new HiveTable("sales", "my table")),
        bad("bad cut id", "cut", "Invalid cut id", () -> new CutId("yesterday")),
        bad("periodicity beyond a long", "schedule.periodicity", "at most 366 days",
            () -> Schedule.parse("01:30", "99999999999999999999h", "UTC")),
        bad("periodicity beyond a Duration", "schedule.periodicity", "at most 366 days",
            () -> Schedule.parse("01:30", "9999999999999999d", "UTC")),
        bad("periodicity of 20000000 days", "schedule.periodicity", "at most 366 days",
            () -> Schedule.parse("01:30", "20000000d", "UTC")),
        bad("periodicity of 367 days in ISO form", "schedule.periodicity", "at most 366 days",
            () -> Schedule.parse("01:30", "P367D", "UTC")),
        bad("path with a colon", "path", "':'", () -> HdfsDirectory.of("/data/a:b")),
        bad("path in /.reserved/raw", "path", "/.reserved", () -> HdfsDirectory.of("/.reserved/raw/data")),
        bad("path by inode", "path", "/.reserved", () -> HdfsDirectory.of("/.reserved/.inodes/16386")),
        bad("protecting the root", "dataSets[0]", "root directory cannot be protected",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR, List.of(HdfsDirectory.of("/")), SCHEDULE, 3, null,
                true)),
        bad("protecting Tandem's own tree", "dataSets[1]", "Tandem's own tree",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR, List.of(HdfsDirectory.of("/data"),
                HdfsDirectory.of("/tandem/userdata")), SCHEDULE, 3, null, true)),
        bad("too many data sets", "dataSets", "at most 1000",
            () -> new ProtectionGroup(GroupName.of("g"), PAIR, java.util.stream.IntStream.range(0, 1001)
                .<DataSet>mapToObj(i -> HdfsDirectory.of("/d" + i)).toList(), SCHEDULE, 3, null, true)),
        bad("site id with --", "site", "no '--'", () -> SiteId.of("a--b")),
        bad("site id ending in -", "site", "trailing '-'", () -> SiteId.of("east-")),
        bad("site on a local file system", "fileSystemUri", "expected hdfs://",
            () -> new Site(SiteId.of("x"), "", "file:///etc", "zk:2181", "", null)),
        bad("site URI with a space", "fileSystemUri", "Invalid file system URI",
            () -> new Site(SiteId.of("x"), "", "hdfs://bad host:8020", "zk:2181", "", null)),
        bad("site URI with a path", "fileSystemUri", "expected hdfs://",
            () -> new Site(SiteId.of("x"), "", "hdfs://nn:8020/data", "zk:2181", "", null)),
        bad("site without a URI", "fileSystemUri", "is required",
            () -> new Site(SiteId.of("x"), "", null, "zk:2181", "", null)),
        bad("site URI without a host", "fileSystemUri", "expected hdfs://",
            () -> new Site(SiteId.of("x"), "", "hdfs:///", "zk:2181", "", null)));
  }

  private static Arguments bad(String what, String field, String message, Supplier<?> input) {
    return Arguments.of(what, field, message, input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void rejectedWithTheFieldNamed(String what, String field, String message, Supplier<?> input) {
    assertThatThrownBy(input::get)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("durations")
  void periodicityAcceptsShortAndIsoForms(String text, Duration expected) {
    assertThat(Schedule.parse("00:00", text, "UTC").periodicity()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"hdfs://nn1.dc1:8020", "hdfs://nameservice1",
      "hdfs://ha_cluster", "hdfs://127.0.0.1:41233/"})
  void siteFileSystemUrisOfHdfs(String uri) {
    assertThat(new Site(SiteId.of("x"), "", uri, "zk:2181", "", null).fileSystemUri()).isEqualTo(uri);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"/", "/.reservedx", "/data/tandem", "/tandemx",
      "/a/b=c/d@e+f"})
  void pathsThatMayBeBrowsed(String path) {
    assertThat(HdfsDirectory.of(path).path()).isEqualTo(path);
  }

  static Stream<Arguments> durations() {
    return Stream.of(Arguments.of("30m", Duration.ofMinutes(30)), Arguments.of("4h", Duration.ofHours(4)),
        Arguments.of("1d", Duration.ofDays(1)), Arguments.of("PT4H", Duration.ofHours(4)),
        Arguments.of("pt90m", Duration.ofMinutes(90)));
  }
}
