package dev.tandem.registry;

import java.util.Objects;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The one place where Tandem's Curator clients are built: every client of a registry (the server's own, the
 * registries, arbitration and audit stores of both sites, the CLI's) gets the process's {@link ZkSecurity} — its
 * credentials and the {@link TandemAclProvider} of the registry root — from here.
 *
 * <p>The security is the process's, set once at start ({@link #use}) from its configuration, before any client
 * opens; like the JAAS login and Hadoop's login user it belongs to the process, not to one connection. A site's
 * peer is reached with the same identity: both sites' servers are configured with the same digest credentials or
 * SASL ids (see the README's security section).
 */
public final class ZkClients {
  private static volatile ZkSecurity security = ZkSecurity.none();

  private ZkClients() {}

  /** Sets the security of every client built from now on (at start; the default is none). */
  public static void use(ZkSecurity s) {
    security = Objects.requireNonNull(s, "security cannot be null");
  }

  public static ZkSecurity security() {
    return security;
  }

  /** A builder for a client of the registry at {@code connect} under {@code root}, with the process's security. */
  public static CuratorFrameworkFactory.Builder builder(String connect, String root) {
    return builder(connect, root, security);
  }

  /** A builder with the given security; callers add their timeouts and retry policy. */
  public static CuratorFrameworkFactory.Builder builder(String connect, String root, ZkSecurity s) {
    CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder().connectString(connect)
        .aclProvider(new TandemAclProvider(root, s));
    switch (s.auth()) {
      case DIGEST -> {
        b.authorization("digest", s.digestCredentials());
        // A JAAS Client section on the host (for another service) must not make the client try SASL as well.
        b.zkClientConfig(clientConfig(false));
      }
      case SASL -> b.zkClientConfig(clientConfig(true));
      case NONE -> { }
    }
    return b;
  }

  private static ZKClientConfig clientConfig(boolean sasl) {
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, Boolean.toString(sasl));
    return config;
  }
}
