package dev.tandem.userdata;

import dev.tandem.hive.HmsHiveGrants;
import dev.tandem.http.RestEndpoint;
import dev.tandem.model.InvalidInputException;
import java.time.Duration;

/**
 * Where a site's user data lives besides its HDFS (always there): its manager, its Ranger, its Hive grants.
 * A null component means the site has no such source, or Tandem is not configured for it; captures record
 * that, and applies report it as a problem when the cut carries data for it.
 */
public record UserDataSources(AmbariSource ambari, RangerSource ranger, HiveGrantAccess hive) {
  public static final UserDataSources NONE = new UserDataSources(null, null, null);

  /** The site's Ambari and the cluster it manages. */
  public record AmbariSource(RestEndpoint endpoint, String cluster) {
    public AmbariSource {
      InvalidInputException.check(endpoint != null, "ambari", "Ambari endpoint is required");
      InvalidInputException.check(cluster != null && !cluster.isBlank(), "cluster", "Ambari cluster name is required");
    }
  }

  /**
   * The site's Ranger Admin. {@code hdfsService} and {@code hiveService} name the site's Ranger services;
   * "" means "the one service of that type", which must then be unique.
   */
  public record RangerSource(RestEndpoint endpoint, String hdfsService, String hiveService) {
    public RangerSource {
      InvalidInputException.check(endpoint != null, "ranger", "Ranger endpoint is required");
      hdfsService = hdfsService == null ? "" : hdfsService;
      hiveService = hiveService == null ? "" : hiveService;
    }

    public String service(String type) {
      return switch (type) {
        case "hdfs" -> hdfsService;
        case "hive" -> hiveService;
        default -> "";
      };
    }
  }

  public UserDataSources withAmbari(AmbariSource value) {
    return new UserDataSources(value, ranger, hive);
  }

  public UserDataSources withRanger(RangerSource value) {
    return new UserDataSources(ambari, value, hive);
  }

  public UserDataSources withHive(HiveGrantAccess value) {
    return new UserDataSources(ambari, ranger, value);
  }

  /** The Hive grants of the site's metastore, {@code thrift://host:port}; none when {@code uri} is blank. */
  public UserDataSources withMetastore(String uri, Duration timeout) {
    return withHive(uri == null || uri.isBlank() ? null : new HmsHiveGrants(uri, timeout));
  }
}
