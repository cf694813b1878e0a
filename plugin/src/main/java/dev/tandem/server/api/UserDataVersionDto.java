package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * One kept version of a group's user data: that of one cut, kept on the group's secondary.
 *
 * @param capturedAt when the manager, Ranger and metastore were read (HDFS is read from the cut's snapshot)
 * @param capturedAtSite the site it was captured at (the group's primary then)
 * @param lastGood whether the cut is the group's last good cut at the secondary (the one a promotion applies)
 * @param notes what the capture left out, and why
 */
public record UserDataVersionDto(String cut, Instant cutAt, Instant capturedAt, String capturedAtSite,
    boolean lastGood, int grants, List<UserDataSourceDto> sources, List<String> notes) {}
