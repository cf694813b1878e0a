package dev.tandem.userdata;

import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SiteId;
import java.time.Instant;
import java.util.List;

/**
 * The user data of one group as of one cut, captured at the group's primary and kept beside the cut on the
 * secondary. A section is null when its source is not configured at the captured site; {@code sources}
 * says so for every source. Holds no password, hash, key or token.
 *
 * @param format version of this document's layout
 * @param site where it was captured (the group's primary at the time)
 * @param capturedAt when the manager, Ranger and metastore were read (HDFS is read from the cut's snapshot)
 * @param notes what the capture left out, and why
 */
public record UserDataRecord(int format, GroupName group, CutId cut, SiteId site, Instant capturedAt,
    UserDataScope scope, List<SourceStatus> sources, ManagerAccounts manager, HdfsAccess hdfs, HiveGrants hive,
    RangerAccess ranger, Tenants tenants, List<String> notes) {
  public static final int FORMAT = 1;

  public UserDataRecord {
    sources = List.copyOf(sources);
    notes = List.copyOf(notes);
  }

  /** Every right of this record, flattened: see {@link Grants}. */
  public java.util.SortedSet<Grant> grants() {
    return Grants.of(this);
  }
}
