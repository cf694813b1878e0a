package dev.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // moment, every, zone, now, next
        Arguments.of("01:30", "4h", "UTC", "2026-11-24T00:00:00Z", "2026-11-24T01:30:00Z"),
        Arguments.of("01:30", "4h", "UTC", "2026-11-24T01:30:00Z", "2026-11-24T05:30:00Z"),
        Arguments.of("01:30", "4h", "UTC", "2026-11-24T22:00:00Z", "2026-11-25T01:30:00Z"),
        Arguments.of("01:30", "4h", "UTC", "2026-11-24T21:29:59Z", "2026-11-24T21:30:00Z"),
        // 7 h does not divide a day: the day restarts at the backup moment instead of drifting
        Arguments.of("00:00", "7h", "UTC", "2026-11-24T21:00:00Z", "2026-11-25T00:00:00Z"),
        Arguments.of("00:00", "7h", "UTC", "2026-11-24T20:59:00Z", "2026-11-24T21:00:00Z"),
        // the moment is in the group's zone: 01:30 in Shanghai is 17:30 UTC the day before
        Arguments.of("01:30", "1d", "Asia/Shanghai", "2026-11-24T12:00:00Z", "2026-11-24T17:30:00Z"),
        // whole days count from 1970-01-01 (an even epoch day here)
        Arguments.of("02:00", "2d", "UTC", "2026-11-24T03:00:00Z", "2026-11-25T02:00:00Z"));
  }

  @ParameterizedTest(name = "{0} every {1} ({2}) after {3}")
  @MethodSource("cases")
  void nextAfter(String moment, String every, String zone, String now, String next) {
    assertThat(Schedule.parse(moment, every, zone).nextAfter(Instant.parse(now))).isEqualTo(Instant.parse(next));
  }
}
