package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import dev.tandem.server.error.AuthenticationRequiredException;
import java.io.Closeable;
import java.io.File;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts HTTP SPNEGO tokens ({@code Authorization: Negotiate <token>}) with the server's service principal,
 * logged in from its keytab through JAAS, using only the JDK's GSS-API. One round trip: a token that does not
 * establish the context at once is refused (browsers and {@code curl --negotiate} send a complete Kerberos token).
 */
public final class SpnegoAcceptor implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SpnegoAcceptor.class);
  private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");

  private final LoginContext login;
  private final Subject subject;
  private final String principal;

  private SpnegoAcceptor(LoginContext login, String principal) {
    this.login = login;
    this.subject = login.getSubject();
    this.principal = principal;
  }

  /** Logs the service principal in from the keytab; fails with the configuration key to fix. */
  public static SpnegoAcceptor login(String principal, File keytab) {
    InvalidInputException.check(keytab.isFile(), "tandem.auth.kerberos.keytab", "Keytab %s does not exist", keytab);
    Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.getAbsolutePath(),
        "principal", principal, "storeKey", "true", "doNotPrompt", "true", "isInitiator", "false",
        "refreshKrb5Config", "true");
    Configuration jaas = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
      }
    };
    try {
      LoginContext context = new LoginContext("tandem-spnego", new Subject(), null, jaas);
      context.login();
      LOG.info("SPNEGO: logged in as {} from {}", principal, keytab);
      return new SpnegoAcceptor(context, principal);
    } catch (LoginException e) {
      throw new InvalidInputException("tandem.auth.kerberos.principal", "Cannot log in as " + principal + " from "
          + keytab + ": " + e.getMessage());
    }
  }

  public String principal() {
    return principal;
  }

  /**
   * The client's principal ({@code alice@EXAMPLE.COM}) for a base64 SPNEGO token, or
   * {@link AuthenticationRequiredException} when the token is not valid for this service.
   */
  public String accept(String base64Token, List<String> challenges) {
    byte[] token;
    try {
      token = Base64.getDecoder().decode(base64Token.trim());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationRequiredException("Malformed Negotiate token", challenges);
    }
    try {
      return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> {
        GSSManager gss = GSSManager.getInstance();
        GSSCredential credential = gss.createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
            new Oid[] {SPNEGO, KERBEROS}, GSSCredential.ACCEPT_ONLY);
        GSSContext context = gss.createContext(credential);
        try {
          context.acceptSecContext(token, 0, token.length);
          if (!context.isEstablished()) {
            throw new AuthenticationRequiredException("Negotiate needs more than one round trip; send a Kerberos "
                + "token", challenges);
          }
          return context.getSrcName().toString();
        } finally {
          context.dispose();
          credential.dispose();
        }
      });
    } catch (PrivilegedActionException e) {
      if (e.getCause() instanceof AuthenticationRequiredException are) {
        throw are;
      }
      String why = e.getCause() instanceof GSSException g ? g.getMajorString() : e.getCause().getMessage();
      LOG.info("Rejected a Negotiate token: {}", why);
      throw new AuthenticationRequiredException("Kerberos token not accepted: " + why, challenges);
    }
  }

  /** {@code alice@EXAMPLE.COM} and {@code alice/host@EXAMPLE.COM} → {@code alice}. */
  public static String shortName(String principal) {
    int end = principal.length();
    for (char c : new char[] {'/', '@'}) {
      int i = principal.indexOf(c);
      if (i > 0 && i < end) {
        end = i;
      }
    }
    return principal.substring(0, end);
  }

  @Override
  public void close() {
    try {
      login.logout();
    } catch (LoginException e) {
      LOG.debug("SPNEGO logout: {}", e.getMessage());
    }
  }

  private static Oid oid(String value) {
    try {
      return new Oid(value);
    } catch (GSSException e) {
      throw new IllegalStateException(e);
    }
  }
}
