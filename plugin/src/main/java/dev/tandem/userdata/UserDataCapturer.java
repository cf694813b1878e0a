package dev.tandem.userdata;

import dev.tandem.ambari.AmbariClient;
import dev.tandem.engine.CutChanges;
import dev.tandem.model.AccessSource;
import dev.tandem.model.Cut;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import dev.tandem.ranger.RangerClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Captures a group's user data at one site (the group's primary) as of a cut. Each configured source is read
 * completely or the capture fails, naming the source and what was wrong: a record is whole or not made.
 */
public final class UserDataCapturer {
  private final SiteId site;
  private final DistributedFileSystem fs;
  private final UserDataSources sources;
  private final Clock clock;
  private final int maxDirectories;

  /** @param maxDirectories most directories whose permissions are recorded per cut */
  public UserDataCapturer(SiteId site, DistributedFileSystem fs, UserDataSources sources, Clock clock,
      int maxDirectories) {
    this.site = site;
    this.fs = fs;
    this.sources = sources;
    this.clock = clock;
    this.maxDirectories = maxDirectories;
  }

  public UserDataRecord capture(ProtectionGroup group, Cut cut) {
    return capture(group, cut, Optional.empty());
  }

  /**
   * @param since the record of the last good cut captured here, and what changed since: its directory
   *     permissions are brought forward through the snapshot diff instead of read again ({@link HdfsAccessUpdate})
   */
  public UserDataRecord capture(ProtectionGroup group, Cut cut, Optional<Prior> since) {
    UserDataScope scope = UserDataScope.of(group, cut);
    List<SourceStatus> statuses = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ManagerAccounts manager = null;
    Tenants tenants = null;
    if (sources.ambari() != null) {
      AmbariClient client = new AmbariClient(sources.ambari().endpoint());
      String cluster = sources.ambari().cluster();
      String where = "Ambari " + client.endpoint() + " cluster " + cluster;
      manager = read(AccessSource.MANAGER, where, () -> AmbariAccounts.capture(client, cluster));
      statuses.add(new SourceStatus(AccessSource.MANAGER, true, where + ": " + manager.users().size() + " users, "
          + manager.groups().size() + " groups, " + manager.privileges().size() + " privileges"));
      tenants = read(AccessSource.YARN, where, () -> AmbariQueues.capture(client, cluster, scope.tenant()));
      statuses.add(new SourceStatus(AccessSource.YARN, true, where + " capacity-scheduler: "
          + (tenants.tenants().isEmpty() ? "no queue named '" + scope.tenant() + "'"
          : "tenants " + tenants.tenants().stream().map(Tenants.Tenant::queue).toList())));
    } else {
      statuses.add(new SourceStatus(AccessSource.MANAGER, false, "not configured"));
      statuses.add(new SourceStatus(AccessSource.YARN, false, "not configured (read through the manager)"));
    }
    Optional<HdfsAccess> forward = since.flatMap(p -> read(AccessSource.HDFS, fs.getUri().toString(),
        () -> HdfsAccessUpdate.bringForward(fs, cut, maxDirectories, p.record().hdfs(), p.changes())));
    HdfsAccess hdfs = forward.orElseGet(() -> read(AccessSource.HDFS, fs.getUri().toString(),
        () -> HdfsPermissions.capture(fs, cut, maxDirectories)));
    statuses.add(new SourceStatus(AccessSource.HDFS, true, fs.getUri() + " snapshot " + cut.snapshotName() + ": "
        + hdfs.paths().size() + " directories" + (forward.isPresent() ? " (those of cut "
        + since.get().record().cut() + " brought forward through the snapshot diff)" : "")));
    if (hdfs.truncated()) {
      notes.add("HDFS: only the first " + maxDirectories + " directories are recorded (tandem.userdata.hdfs"
          + ".max-directories); DistCp still carries the permissions of the rest, and verification compares them");
    }
    HiveGrants hive = null;
    boolean hiveScope = !scope.hiveDatabases().isEmpty() || !scope.hiveTables().isEmpty();
    if (!hiveScope) {
      statuses.add(new SourceStatus(AccessSource.HIVE, false, "the group protects no Hive objects"));
    } else if (sources.hive() != null) {
      hive = read(AccessSource.HIVE, "the metastore", () -> sources.hive().capture(scope));
      statuses.add(new SourceStatus(AccessSource.HIVE, true, hive.privileges().size() + " grants, "
          + hive.roles().size() + " roles"));
    } else {
      statuses.add(new SourceStatus(AccessSource.HIVE, false, "not configured"));
      notes.add("Hive grants of " + scope.hiveDatabases() + " " + scope.hiveTables() + " are not captured: no Hive "
          + "grant source is configured at " + site);
    }
    RangerAccess ranger = null;
    if (sources.ranger() != null) {
      RangerClient client = new RangerClient(sources.ranger().endpoint());
      String where = "Ranger " + client.endpoint();
      ranger = read(AccessSource.RANGER, where, () -> RangerPolicies.capture(client, sources.ranger(), scope));
      statuses.add(new SourceStatus(AccessSource.RANGER, true, where + ": " + ranger.policies().size()
          + " policies touch the group"));
      ranger.notCarried().forEach(n -> notes.add("Ranger " + n + " touches the group but is not carried"));
    } else {
      statuses.add(new SourceStatus(AccessSource.RANGER, false, "not configured"));
    }
    return new UserDataRecord(UserDataRecord.FORMAT, group.name(), cut.id(), site, clock.instant(), scope, statuses,
        manager, hdfs, hive, ranger, tenants, notes);
  }

  /** The version of the last good cut captured at this site, and what changed since that cut. */
  public record Prior(UserDataRecord record, CutChanges changes) {}

  private static <T> T read(AccessSource source, String where, Supplier<T> body) {
    try {
      return body.get();
    } catch (TandemException e) {
      throw new TandemException("Cannot capture " + source + " user data from " + where + ": " + e.getMessage(), e);
    }
  }
}
