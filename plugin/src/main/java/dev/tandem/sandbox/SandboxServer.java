package dev.tandem.sandbox;

import dev.tandem.server.TandemServer;
import dev.tandem.server.auth.Authenticator;
import java.time.Duration;

/**
 * The control-plane server of one sandbox site: authentication off, bound to loopback only. Each site's server
 * runs its site agent, so that a switchover or failover can promote either site.
 */
public final class SandboxServer {
  private SandboxServer() {}

  /** A builder for the primary's (east's) server; callers may change anything before {@code build(true)}. */
  public static TandemServer.Builder builder(Sandbox sandbox, int port) {
    return builder(sandbox, sandbox.primary(), port);
  }

  /** A builder for {@code site}'s server, with the sandbox's defaults. */
  public static TandemServer.Builder builder(Sandbox sandbox, SandboxSite site, int port) {
    return TandemServer.builder(sandbox.site(site), sandbox.connections(), site.conf())
        .authenticator(Authenticator.none())
        .host("127.0.0.1")
        .port(port)
        .healthInterval(Duration.ofSeconds(5))
        .instanceId("sandbox-" + site.id() + "-" + ProcessHandle.current().pid());
  }

  public static TandemServer start(Sandbox sandbox, int port) {
    return builder(sandbox, port).build(true).start();
  }

  public static TandemServer start(Sandbox sandbox, SandboxSite site, int port) {
    return builder(sandbox, site, port).build(true).start();
  }
}
