package dev.tandem.userdata;

import static dev.tandem.config.Setting.Type.BOOLEAN;
import static dev.tandem.config.Setting.Type.DURATION;
import static dev.tandem.config.Setting.Type.NUMBER;
import static dev.tandem.config.Setting.Type.PASSWORD;
import static dev.tandem.config.Setting.Type.PATH;
import static dev.tandem.config.Setting.Type.URL;

import dev.tandem.config.Setting;
import dev.tandem.http.RestEndpoint;
import dev.tandem.model.InvalidInputException;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * Configuration keys of a site's user-data sources, read from the server's {@code tandem-site.xml}. Each
 * server configures its own site only: the primary's server captures, the secondary's server applies.
 * Passwords are read through {@link Configuration#getPassword}, so they can live in a Hadoop credential
 * provider rather than in the file.
 */
public final class UserDataProperties {
  @Setting(value = "HDFS directory where this site keeps the user data of every cut of the groups it is the secondary "
      + "of, outside every protected directory.", type = PATH)
  public static final String DIR = "tandem.userdata.dir";
  public static final String DIR_DEFAULT = UserDataStore.DIR_DEFAULT;
  @Setting(value = "At most this many directories below a group's protected directories have their owner, "
      + "permissions and ACLs kept with each cut; the record notes a cut-off.", type = NUMBER)
  public static final String MAX_DIRECTORIES = "tandem.userdata.hdfs.max-directories";
  public static final int MAX_DIRECTORIES_DEFAULT = 10_000;
  @Setting(value = "This site's Ambari Server (`http://ambari:8080`), for users, groups, privileges and YARN queues; "
      + "empty: no Ambari source.", type = URL)
  public static final String AMBARI_URL = "tandem.userdata.ambari.url";
  @Setting("The site's cluster name in Ambari; required with the Ambari URL (the Ambari pack writes the cluster's "
      + "own name).")
  public static final String AMBARI_CLUSTER = "tandem.userdata.ambari.cluster";
  @Setting("Ambari account with `AMBARI.ADMINISTRATOR`; required with the Ambari URL.")
  public static final String AMBARI_USER = "tandem.userdata.ambari.user";
  @Setting(value = "Its password (read through Hadoop's credential providers, so it may live in a JCEKS file).",
      type = PASSWORD)
  public static final String AMBARI_PASSWORD = "tandem.userdata.ambari.password";
  @Setting(value = "This site's Ranger Admin (`http://ranger:6080`), for the HDFS and Hive policies on the groups' "
      + "data; empty: no Ranger source.", type = URL)
  public static final String RANGER_URL = "tandem.userdata.ranger.url";
  @Setting("Ranger account with Ranger's Admin role; required with the Ranger URL.")
  public static final String RANGER_USER = "tandem.userdata.ranger.user";
  @Setting(value = "Its password (credential providers, as for Ambari's).", type = PASSWORD)
  public static final String RANGER_PASSWORD = "tandem.userdata.ranger.password";
  @Setting("The site's Ranger service of type hdfs; empty when there is only one.")
  public static final String RANGER_HDFS_SERVICE = "tandem.userdata.ranger.hdfs.service";
  @Setting("The site's Ranger service of type hive; empty when there is only one.")
  public static final String RANGER_HIVE_SERVICE = "tandem.userdata.ranger.hive.service";
  @Setting(value = "Whether a site with a metastore (`tandem.hive.metastore.uris`) carries its Hive grants, roles and "
      + "role members with each cut.", type = BOOLEAN)
  public static final String HIVE_ENABLED = "tandem.userdata.hive.enabled";
  public static final boolean HIVE_ENABLED_DEFAULT = true;
  @Setting(value = "Timeout of each call to the site's Ambari, Ranger or metastore while capturing or applying user "
      + "data.", type = DURATION)
  public static final String TIMEOUT = "tandem.userdata.timeout";
  public static final String TIMEOUT_DEFAULT = "30s";

  private UserDataProperties() {}

  /**
   * The sources of the site {@code conf} configures; a source without its URL is not configured. A source
   * with its URL but without the rest fails with the missing key named. The site's metastore, when it has
   * one, is its Hive grant source unless {@value #HIVE_ENABLED} is false.
   *
   * @param metastoreUri the site's metastore, "" when it has none
   */
  public static UserDataSources sources(Configuration conf, String metastoreUri) {
    Duration timeout = Duration.ofMillis(conf.getTimeDuration(TIMEOUT, TIMEOUT_DEFAULT,
        java.util.concurrent.TimeUnit.MILLISECONDS));
    UserDataSources out = UserDataSources.NONE;
    String ambari = conf.getTrimmed(AMBARI_URL, "");
    if (!ambari.isEmpty()) {
      out = out.withAmbari(new UserDataSources.AmbariSource(endpoint(conf, AMBARI_URL, AMBARI_USER, AMBARI_PASSWORD,
          timeout), required(conf, AMBARI_CLUSTER)));
    }
    String ranger = conf.getTrimmed(RANGER_URL, "");
    if (!ranger.isEmpty()) {
      out = out.withRanger(new UserDataSources.RangerSource(endpoint(conf, RANGER_URL, RANGER_USER, RANGER_PASSWORD,
          timeout), conf.getTrimmed(RANGER_HDFS_SERVICE, ""), conf.getTrimmed(RANGER_HIVE_SERVICE, "")));
    }
    if (conf.getBoolean(HIVE_ENABLED, HIVE_ENABLED_DEFAULT)) {
      out = out.withMetastore(metastoreUri, timeout);
    }
    return out;
  }

  private static RestEndpoint endpoint(Configuration conf, String urlKey, String userKey, String passwordKey,
      Duration timeout) {
    String url = conf.getTrimmed(urlKey);
    java.net.URI uri;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(urlKey, "Invalid " + urlKey + " '" + url + "': " + e.getMessage());
    }
    InvalidInputException.check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && uri.getHost() != null, urlKey, "Invalid %s '%s' (use http(s)://host:port)", urlKey, url);
    return new RestEndpoint(uri, required(conf, userKey), password(conf, passwordKey), timeout);
  }

  private static String required(Configuration conf, String key) {
    String v = conf.getTrimmed(key, "");
    InvalidInputException.check(!v.isEmpty(), key, "%s is required", key);
    return v;
  }

  private static String password(Configuration conf, String key) {
    try {
      char[] p = conf.getPassword(key);
      InvalidInputException.check(p != null, key, "%s is required", key);
      return new String(p);
    } catch (java.io.IOException e) {
      throw new InvalidInputException(key, "Cannot read " + key + ": " + e.getMessage());
    }
  }
}
