package dev.tandem.hive;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.jdo.PersistenceManager;
import javax.jdo.datastore.JDOConnection;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HMSHandler;
import org.apache.hadoop.hive.metastore.HMSHandlerProxyFactory;
import org.apache.hadoop.hive.metastore.IHMSHandler;
import org.apache.hadoop.hive.metastore.PersistenceManagerProvider;
import org.apache.hadoop.hive.metastore.TSetIpAddressProcessor;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.security.HadoopThriftAuthBridge;
import org.apache.hadoop.hive.metastore.utils.MetaStoreUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;
import org.datanucleus.api.jdo.JDOPersistenceManagerFactory;
import org.datanucleus.store.schema.SchemaAwareStoreManager;

/**
 * The server half of {@link EmbeddedMetastore}: a Hive metastore served over Thrift on a loopback port. It
 * runs inside the site's own class loader, so it speaks to its creator only through JDK types: the
 * settings map in, an {@link AutoCloseable} that is also an {@link IntSupplier} (the port) out. With
 * {@code metastore.sasl.enabled=true} (and Hive's keytab and principal settings) it requires Kerberos, as a
 * production metastore of a secure cluster does.
 */
public final class MetastoreServer implements AutoCloseable, IntSupplier {
  private final TServer server;
  private final TServerSocket socket;
  private final Thread serving;
  private final String jdbcUrl;

  private MetastoreServer(TServer server, TServerSocket socket, Thread serving, String jdbcUrl) {
    this.server = server;
    this.socket = socket;
    this.serving = serving;
    this.jdbcUrl = jdbcUrl;
  }

  /** Called reflectively by {@link EmbeddedMetastore} inside the isolated class loader. */
  public static Object start(Map<String, String> settings) throws Exception {
    Configuration conf = MetastoreConf.newMetastoreConf();
    settings.forEach(conf::set);
    // DriverManager scans for drivers once per JVM, through whichever class loader asks first: the Derby of
    // every later metastore's class loader must register itself.
    DriverManager.registerDriver((Driver) Class.forName(settings.get("javax.jdo.option.ConnectionDriverName"), true,
        MetastoreServer.class.getClassLoader()).getDeclaredConstructor().newInstance());
    createSchema(conf);
    IHMSHandler handler = HMSHandlerProxyFactory.getProxy(conf, new HMSHandler("tandem embedded metastore", conf),
        false);
    TServerSocket socket = new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    TProcessor processor = new TSetIpAddressProcessor<>(handler);
    TTransportFactory transports = new TTransportFactory();
    if (MetastoreConf.getBoolVar(conf, MetastoreConf.ConfVars.USE_THRIFT_SASL)) {
      // As Hive's own metastore does it: log this class loader's UGI in from the keytab, accept GSSAPI, and
      // run each call as the authenticated client.
      UserGroupInformation.setConfiguration(conf);
      HadoopThriftAuthBridge.Server sasl = HadoopThriftAuthBridge.getBridge().createServer(
          MetastoreConf.getVar(conf, MetastoreConf.ConfVars.KERBEROS_KEYTAB_FILE),
          MetastoreConf.getVar(conf, MetastoreConf.ConfVars.KERBEROS_PRINCIPAL), "");
      transports = sasl.createTransportFactory(MetaStoreUtils.getMetaStoreSaslProperties(conf, false));
      processor = sasl.wrapProcessor(new ThriftHiveMetastore.Processor<>(handler));
    }
    TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
        .processor(processor)
        .transportFactory(transports)
        .protocolFactory(new TBinaryProtocol.Factory())
        .minWorkerThreads(2)
        .maxWorkerThreads(64)
        .stopTimeoutVal(2)
        .stopTimeoutUnit(TimeUnit.SECONDS);
    TServer server = new TThreadPoolServer(args);
    Thread serving = new Thread(server::serve, "metastore-" + settings.getOrDefault("tandem.site", "site"));
    serving.setDaemon(true);
    serving.setContextClassLoader(MetastoreServer.class.getClassLoader());
    serving.start();
    return new MetastoreServer(server, socket, serving, settings.get("javax.jdo.option.ConnectionURL"));
  }

  /**
   * Creates every metastore table up front. Left to DataNucleus' create-on-first-use, a table would be created
   * inside the transaction that first needs it, and the id generator, which runs on a second connection,
   * would then wait on that transaction's locks until Derby gives up.
   */
  private static void createSchema(Configuration conf) throws Exception {
    PersistenceManagerProvider.updatePmfProperties(conf);
    PersistenceManager pm = PersistenceManagerProvider.getPersistenceManager();
    try {
      JDOPersistenceManagerFactory pmf = (JDOPersistenceManagerFactory) pm.getPersistenceManagerFactory();
      SchemaAwareStoreManager store = (SchemaAwareStoreManager) pmf.getNucleusContext().getStoreManager();
      store.createSchemaForClasses(modelClasses(), new Properties());
      // Hive's schema scripts seed the event counter. Without the row, the first event would create it
      // while its transaction holds the counter's table lock, and the id generator would wait on that lock.
      JDOConnection jdo = pm.getDataStoreConnection();
      try (Statement st = ((Connection) jdo.getNativeConnection()).createStatement()) {
        st.executeUpdate("INSERT INTO NOTIFICATION_SEQUENCE (NNI_ID, NEXT_EVENT_ID) SELECT 1, 1 FROM SYSIBM.SYSDUMMY1"
            + " WHERE NOT EXISTS (SELECT 1 FROM NOTIFICATION_SEQUENCE)");
      } finally {
        jdo.close();
      }
    } finally {
      pm.close();
    }
  }

  /** The persistent classes named in Hive's {@code package.jdo}, except the embedded-only ones. */
  private static Set<String> modelClasses() throws Exception {
    Set<String> names = new LinkedHashSet<>();
    try (InputStream in = MetastoreServer.class.getClassLoader().getResourceAsStream("package.jdo")) {
      if (in == null) {
        throw new IllegalStateException("package.jdo not found on the metastore's class path");
      }
      String jdo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("<class name=\"(M[A-Za-z]+)\"([^>]*)>").matcher(jdo);
      while (m.find()) {
        if (!m.group(2).contains("embedded-only=\"true\"")) {
          names.add("org.apache.hadoop.hive.metastore.model." + m.group(1));
        }
      }
    }
    return names;
  }

  @Override
  public int getAsInt() {
    return socket.getServerSocket().getLocalPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.stop();
    serving.join(5_000);
    TandemFenceListener.shutdown();
    shutDownDerby();
  }

  /**
   * Releases the database's files and the JDBC driver of this class loader. Only the database is shut down:
   * shutting the Derby engine down leaves the next class loader's engine unable to register its driver.
   */
  private void shutDownDerby() {
    try {
      DriverManager.getConnection(jdbcUrl.replace(";create=true", "") + ";shutdown=true").close();
    } catch (SQLException e) {
      // Derby reports a successful shutdown as an exception (08006)
    }
    for (Driver d : Collections.list(DriverManager.getDrivers())) {
      if (d.getClass().getClassLoader() == MetastoreServer.class.getClassLoader()) {
        try {
          DriverManager.deregisterDriver(d);
        } catch (SQLException e) {
          // shutting down anyway
        }
      }
    }
  }
}
