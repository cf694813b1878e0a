package dev.tandem.server.api;

/**
 * When a group runs: first at {@code backupMoment} each day in {@code zone}, then every {@code periodicity}.
 *
 * @param backupMoment {@code HH:mm}
 * @param periodicity {@code 30m}, {@code 4h}, {@code 1d} or ISO-8601 ({@code PT4H}); also the RPO target
 * @param zone IANA time zone id; UTC when absent
 * @param periodicitySeconds the periodicity in seconds (responses only; ignored in requests)
 */
public record ScheduleDto(String backupMoment, String periodicity, String zone, Long periodicitySeconds) {}
