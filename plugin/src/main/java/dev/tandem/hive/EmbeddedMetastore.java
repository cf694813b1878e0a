package dev.tandem.hive;

import dev.tandem.model.TandemException;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * A site's Hive metastore for the sandbox, tests and benchmarks: Hive 4 on Derby under the site's directory,
 * served over Thrift on a random loopback port, so every client talks to it exactly as to a real one.
 *
 * <p>Each metastore runs in a class loader of its own. Hive keeps its persistence manager factory (and more)
 * in static fields and swaps it whenever a store with other connection settings starts, so two metastores
 * sharing classes in one JVM would read and write each other's database.
 *
 * <p>Configured the way a real metastore is configured for Tandem: {@link TandemNotificationLog} records the
 * notification events (a real cluster runs Hive's DbNotificationListener), and {@link TandemFenceListener}
 * holds metadata writes while a cut is taken.
 */
public final class EmbeddedMetastore implements AutoCloseable {
  private final URLClassLoader loader;
  private final AutoCloseable server;
  private final int port;
  private final File home;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedMetastore(URLClassLoader loader, AutoCloseable server, int port, File home) {
    this.loader = loader;
    this.server = server;
    this.port = port;
    this.home = home;
  }

  /**
   * @param home directory of the metastore's Derby database
   * @param fileSystemUri the site's default file system; the warehouse lives on it
   * @param extra further metastore settings (e.g. the fence listener's registry)
   */
  public static EmbeddedMetastore start(String site, File home, String fileSystemUri, Map<String, String> extra) {
    // No fsync per commit: the sandbox's metastores are as disposable as its MiniDFSClusters.
    System.setProperty("derby.system.durability", "test");
    // Derby's defaults (1 000 pages of cache, 100 compiled statements) suit a phone, not a metastore of
    // 100 000 partitions: every read of a large group went back to the page files, and the statements that
    // DataNucleus and direct SQL prepare were compiled over and over. A production metastore's database is
    // tuned the same way (buffer pool, statement cache). HiveBench: dump and bootstrap about twice as fast.
    System.setProperty("derby.storage.pageCacheSize", System.getProperty("derby.storage.pageCacheSize", "40000"));
    System.setProperty("derby.language.statementCacheSize",
        System.getProperty("derby.language.statementCacheSize", "2000"));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("tandem.site", site);
    settings.put("metastore.thrift.uris", "");
    settings.put("javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + new File(home, "metastore_db").getAbsolutePath() + ";create=true");
    settings.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
    settings.put("datanucleus.schema.autoCreateAll", "true");
    settings.put("metastore.schema.verification", "false");
    settings.put("fs.defaultFS", fileSystemUri);
    settings.put("metastore.warehouse.dir", fileSystemUri + "/warehouse/managed");
    settings.put("metastore.warehouse.external.dir", fileSystemUri + "/warehouse/external");
    // Hive 3 semantics, which production metastores of Ambari stacks have: no translation of managed tables
    // into external ones, no ACID by default.
    settings.put("metastore.metadata.transformer.class", " ");
    settings.put("metastore.create.as.acid", "false");
    settings.put("metastore.event.db.notification.api.auth", "false");
    settings.put("metastore.dml.events", "true");
    settings.put("metastore.transactional.event.listeners", TandemNotificationLog.class.getName());
    settings.put("metastore.server.min.threads", "2");
    settings.put("metastore.try.direct.sql", "true");
    // Grants and roles need no setting: the metastore stores and lists them whatever the authorization
    // settings (hive.security.authorization.* is HiveServer2's enforcement, not the metastore's storage).
    settings.put("hive.in.test", "false");
    settings.putAll(extra);
    URLClassLoader loader = new URLClassLoader("metastore-" + site, classpath(), ClassLoader.getPlatformClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Object server = loader.loadClass(MetastoreServer.class.getName()).getMethod("start", Map.class)
          .invoke(null, settings);
      return new EmbeddedMetastore(loader, (AutoCloseable) server, ((IntSupplier) server).getAsInt(), home);
    } catch (InvocationTargetException e) {
      closeQuietly(loader);
      throw new TandemException("Cannot start the metastore of site " + site + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      closeQuietly(loader);
      throw new TandemException("Cannot start the metastore of site " + site + ": " + e, e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** The URI clients use, {@code thrift://127.0.0.1:PORT}. */
  public String uri() {
    return "thrift://127.0.0.1:" + port;
  }

  public File home() {
    return home;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      server.close();
    } catch (Exception e) {
      // shutting down anyway
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      closeQuietly(loader);
    }
  }

  /**
   * Every entry of the application's class path: the JVM's, and the URLs of any class loader in between
   * (exec:java and some test runners load the application through one).
   */
  static URL[] classpath() {
    Set<URL> urls = new LinkedHashSet<>();
    for (ClassLoader l = EmbeddedMetastore.class.getClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader u) {
        urls.addAll(java.util.List.of(u.getURLs()));
      }
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        try {
          urls.add(new File(entry).toURI().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalStateException("Bad class path entry " + entry, e);
        }
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (java.io.IOException e) {
      // nothing to do
    }
  }
}
