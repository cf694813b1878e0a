package dev.tandem.userdata;

import dev.tandem.ambari.AmbariClient;
import dev.tandem.model.AccessSource;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.ranger.RangerClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Applies a record to one site's sources, each on its own: a source that fails is reported and the others
 * still apply. Secrets are never written; the report's operator actions say what an operator completes.
 */
public final class UserDataApplier {
  private final SiteId site;
  private final DistributedFileSystem fs;
  private final UserDataSources sources;

  public UserDataApplier(SiteId site, DistributedFileSystem fs, UserDataSources sources) {
    this.site = site;
    this.fs = fs;
    this.sources = sources;
  }

  public UserDataApplyReport apply(UserDataRecord r, ApplyMode mode) {
    ApplyLog log = new ApplyLog(mode);
    String where = site.value();
    if (r.manager() != null) {
      run(log, AccessSource.MANAGER, () -> {
        requireAmbari("manager users and privileges");
        AmbariAccounts.apply(r.manager(), new AmbariClient(sources.ambari().endpoint()), sources.ambari().cluster(),
            where, log);
      });
    }
    if (r.hdfs() != null) {
      run(log, AccessSource.HDFS, () -> HdfsPermissions.apply(r.hdfs(), fs, log));
    }
    if (r.hive() != null) {
      run(log, AccessSource.HIVE, () -> {
        if (sources.hive() == null) {
          throw new TandemException("no Hive grant target is configured at " + where);
        }
        sources.hive().apply(r.hive(), r.scope(), mode).forEach(c -> log.change(c.source(), c.action(), c.subject(),
            c.detail()));
      });
    }
    if (r.ranger() != null) {
      run(log, AccessSource.RANGER, () -> {
        if (sources.ranger() == null) {
          throw new TandemException("no Ranger is configured at " + where);
        }
        RangerPolicies.apply(r.ranger(), new RangerClient(sources.ranger().endpoint()), sources.ranger(), r.scope(),
            where, log);
      });
    }
    if (r.tenants() != null && !r.tenants().tenants().isEmpty()) {
      run(log, AccessSource.YARN, () -> {
        requireAmbari("YARN queues");
        AmbariQueues.apply(r.tenants(), new AmbariClient(sources.ambari().endpoint()), sources.ambari().cluster(),
            r.cut().value(), where, log);
      });
    }
    r.notes().forEach(n -> log.action("From the capture: " + n));
    return new UserDataApplyReport(r.group(), r.cut(), site, mode, log.changes(), log.actions(), log.problems());
  }

  private void requireAmbari(String what) {
    if (sources.ambari() == null) {
      throw new TandemException("no manager (Ambari) is configured at " + site + " to apply " + what + " to");
    }
  }

  private static void run(ApplyLog log, AccessSource source, Runnable body) {
    try {
      body.run();
    } catch (TandemException e) {
      log.problem(source + ": " + e.getMessage());
    }
  }
}
