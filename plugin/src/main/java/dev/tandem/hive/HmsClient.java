package dev.tandem.hive;

import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.TandemException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.security.HadoopThriftAuthBridge;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * One Thrift connection to a metastore. Not thread-safe: one per thread.
 *
 * <p>Tandem talks to the raw Thrift interface rather than through Hive 4's {@code HiveMetaStoreClient},
 * which calls RPCs that Hive 3.1 metastores do not serve ({@code alter_table_req}, {@code get_partitions_req},
 * ...). Every call goes through a guard that rejects any RPC outside Hive 3.1.3's interface, so a newer call
 * fails in the tests, not in production.
 *
 * <p>A Kerberized metastore is reached over SASL through Hive's own client transport, as the process's login
 * user. Which security applies is set once per process ({@link #secure}), like the Kerberos login it relies on.
 */
public final class HmsClient implements AutoCloseable {
  private static final Set<String> HIVE_31_RPCS = loadRpcs();
  private static volatile MetastoreSecurity security = MetastoreSecurity.PLAIN;

  private final String uri;
  private final TTransport transport;
  private final ThriftHiveMetastore.Iface rpc;
  private final MetastoreSecurity how;

  private HmsClient(String uri, TTransport transport, ThriftHiveMetastore.Iface rpc, MetastoreSecurity how) {
    this.uri = uri;
    this.transport = transport;
    this.rpc = rpc;
    this.how = how;
  }

  /** How every later connection of this process authenticates. */
  public static void secure(MetastoreSecurity how) {
    security = how;
  }

  public static MetastoreSecurity security() {
    return security;
  }

  /** Connects to {@code thrift://host:port} (the first of a comma-separated list) with the process's security. */
  public static HmsClient connect(String metastoreUri, int timeoutMs) {
    return connect(metastoreUri, timeoutMs, security);
  }

  public static HmsClient connect(String metastoreUri, int timeoutMs, MetastoreSecurity how) {
    String first = metastoreUri.split(",")[0].trim();
    URI u = URI.create(first);
    if (!"thrift".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
      throw new TandemException("Not a metastore URI (thrift://host:port): " + metastoreUri);
    }
    TSocket socket;
    try {
      socket = new TSocket(u.getHost(), u.getPort(), timeoutMs);
    } catch (TTransportException e) {
      throw new PeerUnavailableException("Cannot reach the metastore at " + first + ": " + e.getMessage(), e);
    }
    TTransport transport = how.kerberos() ? sasl(first, socket, u.getHost(), how) : socket;
    try {
      transport.open();
    } catch (TTransportException e) {
      transport.close();
      String reason = String.valueOf(rootMessage(e));
      // Thrift logs the Kerberos reason ("Server not found in Kerberos database", no ticket) and throws
      // only "GSS initiate failed": say where to look.
      String hint = how.kerberos() && reason.contains("GSS") ? "; check that the KDC knows that principal and that "
          + "this process has a ticket (tandem.kerberos.keytab, or kinit for the CLI); the log above has Kerberos' "
          + "own reason" : "";
      throw new PeerUnavailableException("Cannot reach the metastore at " + first + (how.kerberos() ? " (" + how
          + ", as " + loginUser() + ")" : "") + ": " + reason + hint, e);
    }
    ThriftHiveMetastore.Iface raw = new ThriftHiveMetastore.Client(new TBinaryProtocol(transport));
    return new HmsClient(first, transport, guarded(raw), how);
  }

  /** Hive's SASL client transport: GSSAPI to the metastore's principal, opened as the current user. */
  private static TTransport sasl(String uri, TSocket socket, String host, MetastoreSecurity how) {
    try {
      return HadoopThriftAuthBridge.getBridge().createClient().createClientTransport(how.principal(), host,
          "KERBEROS", null, socket, how.saslProperties());
    } catch (java.io.IOException e) {
      socket.close();
      throw new TandemException("Cannot set up Kerberos to the metastore at " + uri + " (" + how + "): "
          + rootMessage(e), e);
    }
  }

  private static String loginUser() {
    try {
      return org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getUserName();
    } catch (java.io.IOException e) {
      return "an unknown user";
    }
  }

  /** The message of the deepest cause: SASL wraps the GSS reason (no ticket, unknown principal) several times. */
  static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getMessage();
      }
    }
    return message;
  }

  /** The metastore's Thrift interface, limited to what Hive 3.1 serves. */
  public ThriftHiveMetastore.Iface rpc() {
    return rpc;
  }

  public String uri() {
    return uri;
  }

  /** Runs a call, turning Thrift failures into Tandem's exceptions with {@code what} as context. */
  /** Events to read per notification-log call. */
  static final int EVENT_BATCH = 5_000;

  /**
   * The notification events after {@code after}, at most up to {@code to} and {@link #EVENT_BATCH} of them; empty
   * when the log has none (never null).
   */
  java.util.List<org.apache.hadoop.hive.metastore.api.NotificationEvent> eventsAfter(long after, long to) {
    org.apache.hadoop.hive.metastore.api.NotificationEventRequest rq =
        new org.apache.hadoop.hive.metastore.api.NotificationEventRequest(after);
    rq.setMaxEvents((int) Math.min(EVENT_BATCH, to - after));
    java.util.List<org.apache.hadoop.hive.metastore.api.NotificationEvent> events = call(
        "read notification events after " + after, rpc -> rpc.get_next_notification(rq)).getEvents();
    return events == null ? java.util.List.of() : events;
  }

  public <T> T call(String what, Call<T> call) {
    try {
      return call.apply(rpc);
    } catch (TTransportException e) {
      // A metastore with SASL enabled drops a plain connection at its first call, which looks like any outage.
      throw new PeerUnavailableException("Metastore " + uri + ": cannot " + what + ": " + e.getMessage()
          + (how.kerberos() ? "" : " (if the metastore has hive.metastore.sasl.enabled=true, set "
          + "tandem.hive.metastore.kerberos.principal)"), e);
    } catch (TException e) {
      throw new TandemException("Metastore " + uri + ": cannot " + what + ": " + describe(e), e);
    }
  }

  /**
   * {@link #call}, with a metastore's "no such object" as empty: for objects that another client may drop at any
   * moment, whose absence the caller reconciles (a dropped table's events follow in the notification log).
   */
  public <T> Optional<T> find(String what, Call<T> call) {
    try {
      return Optional.ofNullable(call.apply(rpc));
    } catch (NoSuchObjectException e) {
      return Optional.empty();
    } catch (TException e) {
      return call(what, rpc -> {
        throw e;
      });
    }
  }

  static String describe(TException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  @FunctionalInterface
  public interface Call<T> {
    T apply(ThriftHiveMetastore.Iface rpc) throws TException;
  }

  @Override
  public void close() {
    transport.close();
  }

  static boolean servedByHive31(String rpcName) {
    return HIVE_31_RPCS.contains(rpcName);
  }

  private static ThriftHiveMetastore.Iface guarded(ThriftHiveMetastore.Iface raw) {
    return (ThriftHiveMetastore.Iface) Proxy.newProxyInstance(HmsClient.class.getClassLoader(),
        new Class<?>[] {ThriftHiveMetastore.Iface.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(raw, args);
          }
          if (!HIVE_31_RPCS.contains(method.getName())) {
            throw new UnsupportedOperationException("Metastore RPC " + method.getName()
                + " is not served by Hive 3.1 metastores; Tandem must not use it");
          }
          try {
            return method.invoke(raw, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static Set<String> loadRpcs() {
    Set<String> names = new HashSet<>();
    try (InputStream in = HmsClient.class.getResourceAsStream("hive-3.1-rpcs.txt")) {
      if (in == null) {
        throw new IllegalStateException("hive-3.1-rpcs.txt missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read hive-3.1-rpcs.txt", e);
    }
    return Set.copyOf(names);
  }
}
