package dev.tandem.sandbox;

import dev.tandem.server.TandemServer;
import dev.tandem.server.auth.Authenticator;
import java.time.Duration;

/** The control-plane server of the sandbox's primary site: authentication off, bound to loopback only. */
public final class SandboxServer {
  private SandboxServer() {}

  /** A builder with the sandbox's defaults; callers may change anything before {@code build(true)}. */
  public static TandemServer.Builder builder(Sandbox sandbox, int port) {
    return TandemServer.builder(sandbox.site(sandbox.primary()), sandbox.connections(), sandbox.primary().conf())
        .authenticator(Authenticator.none())
        .host("127.0.0.1")
        .port(port)
        .healthInterval(Duration.ofSeconds(5))
        .instanceId("sandbox-" + ProcessHandle.current().pid());
  }

  public static TandemServer start(Sandbox sandbox, int port) {
    return builder(sandbox, port).build(true).start();
  }
}
