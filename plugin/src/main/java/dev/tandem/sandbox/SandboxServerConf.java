package dev.tandem.sandbox;

import dev.tandem.http.RestEndpoint;
import dev.tandem.model.TandemException;
import dev.tandem.server.TandemProperties;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.userdata.UserDataProperties;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The configuration directory a {@code tandem server} of one sandbox site needs when the sandbox runs its clusters
 * only ({@code tandem sandbox --clusters-only}): {@code tandem-site.xml} with the site's HDFS, ZooKeeper,
 * metastore and user-data sources, the Hadoop client settings the sandbox's own clients use, and a users file
 * with one administrator ({@value #USER}/{@value #PASSWORD}; a sandbox only). A server started from it is a
 * separate process from the clusters, so it can be killed like a real one.
 */
public final class SandboxServerConf {
  public static final String USER = "admin";
  public static final String PASSWORD = "admin";
  /** Few iterations: a sandbox password, checked on every request of the tests. */
  private static final int HASH_ITERATIONS = 1_000;

  private final File dir;
  private final Map<String, String> properties;

  private SandboxServerConf(File dir, Map<String, String> properties) {
    this.dir = dir;
    this.properties = Map.copyOf(properties);
  }

  /**
   * Writes {@code <parent>/<site>/tandem-site.xml} and its users file for {@code site}'s server, listening on
   * 127.0.0.1:{@code port}. The peer's server needs no entry: sites reach each other through their site records.
   *
   * @param extra further keys (they win over the sandbox's), e.g. shorter timings for a test
   */
  public static SandboxServerConf write(Sandbox sandbox, SandboxSite site, File parent, int port,
      Map<String, String> extra) {
    File dir = new File(parent, site.id().value());
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TandemProperties.SITE_ID, site.id().value());
    p.put(TandemProperties.SITE_LOCATION, sandbox.site(site).location());
    p.put(TandemProperties.SITE_FS_URI, site.fileSystemUri());
    p.put("fs.defaultFS", site.fileSystemUri());
    p.put(TandemProperties.ZOOKEEPER_CONNECT, site.zkConnect());
    p.put(TandemProperties.HIVE_METASTORE_URIS, site.metastoreUri());
    p.put(TandemProperties.SERVER_HOST, "127.0.0.1");
    p.put(TandemProperties.SERVER_PORT, Integer.toString(port));
    p.put(TandemProperties.WORK_DIR, new File(dir, "work").getAbsolutePath());
    p.put(TandemProperties.AUTH_TYPE, "basic");
    p.put(TandemProperties.HEALTH_INTERVAL_SECONDS, "5");
    SandboxManager manager = sandbox.manager(site);
    RestEndpoint ambari = manager.ambari().endpoint();
    p.put(UserDataProperties.AMBARI_URL, ambari.baseUri().toString());
    p.put(UserDataProperties.AMBARI_CLUSTER, manager.ambari().cluster());
    p.put(UserDataProperties.AMBARI_USER, ambari.user());
    p.put(UserDataProperties.AMBARI_PASSWORD, ambari.password());
    RestEndpoint ranger = manager.ranger().endpoint();
    p.put(UserDataProperties.RANGER_URL, ranger.baseUri().toString());
    p.put(UserDataProperties.RANGER_USER, ranger.user());
    p.put(UserDataProperties.RANGER_PASSWORD, ranger.password());
    p.put(UserDataProperties.RANGER_HDFS_SERVICE, site.id().value() + "_hadoop");
    p.put(UserDataProperties.RANGER_HIVE_SERVICE, site.id().value() + "_hive");
    // The Hadoop client settings of the sandbox's own clients (see SandboxSite): block-size independent
    // checksums, quick block allocation, DistCp with the local job runner.
    p.put("dfs.checksum.combine.mode", "COMPOSITE_CRC");
    p.put("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "5");
    p.put("dfs.client.block.write.locateFollowingBlock.retries", "12");
    p.put("mapreduce.framework.name", "local");
    p.putAll(extra);
    try {
      Files.createDirectories(dir.toPath());
      Configuration conf = new Configuration(false);
      p.forEach(conf::set);
      try (OutputStream out = Files.newOutputStream(new File(dir, TandemProperties.SITE_FILE).toPath())) {
        conf.writeXml(out);
      }
      Files.writeString(new File(dir, TandemProperties.AUTH_USERS_FILE_DEFAULT).toPath(), USER + " = admin, "
          + PasswordHash.create(PASSWORD.toCharArray(), HASH_ITERATIONS) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TandemException("Cannot write the server configuration of sandbox site " + site.id() + " to "
          + dir + ": " + e.getMessage(), e);
    }
    return new SandboxServerConf(dir, p);
  }

  /** The configuration directory: {@code tandem server --conf-dir} this. */
  public File dir() {
    return dir;
  }

  /** What {@code tandem-site.xml} holds. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The server's base URI, {@code http://127.0.0.1:PORT}. */
  public String serverUri() {
    return "http://127.0.0.1:" + properties.get(TandemProperties.SERVER_PORT);
  }
}
