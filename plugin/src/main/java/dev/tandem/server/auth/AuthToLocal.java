package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.security.authentication.util.KerberosName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Kerberos principals to local user names with Hadoop's {@code auth_to_local} rules, as every Hadoop daemon
 * does ({@link KerberosName}). {@code DEFAULT} maps only principals of the default realm ({@code ada@EAST} and
 * {@code ada/host@EAST} → {@code ada}); a principal that no rule maps, e.g. of another realm, maps to nothing and is
 * refused: it never borrows the role of a local user who happens to share its first component.
 *
 * <p>Hadoop keeps the rules in one JVM-wide place ({@link KerberosName#setRules}), shared with this process's own
 * Hadoop clients, as Hadoop's own SPNEGO filter does. {@link #map} puts this mapper's rules back if something else
 * (a later {@code UserGroupInformation.setConfiguration}) replaced them, and says so once.
 */
public final class AuthToLocal {
  /** Rules of Hadoop's own configuration key, used when Tandem's override is empty. */
  public static final String HADOOP_KEY = "hadoop.security.auth_to_local";
  private static final Logger LOG = LoggerFactory.getLogger(AuthToLocal.class);
  private static final int LOGGED_MAX = 1000;

  private final String rules;
  private final String source;
  private final String normalized;
  private final Map<String, Boolean> logged = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > LOGGED_MAX;
    }
  });
  private volatile boolean warnedReplaced;

  private AuthToLocal(String rules, String source, String normalized) {
    this.rules = rules;
    this.source = source;
    this.normalized = normalized;
  }

  /**
   * Installs {@code rules} (Hadoop's {@code RULE:[n:format](match)s/from/to/} lines, space- or newline-separated, and
   * {@code DEFAULT}); {@code source} is the configuration key they come from, named when they are malformed.
   */
  public static AuthToLocal of(String rules, String source) {
    String text = rules == null || rules.isBlank() ? "DEFAULT" : rules.trim();
    synchronized (KerberosName.class) {
      String before = KerberosName.hasRulesBeenSet() ? KerberosName.getRules() : null;
      try {
        KerberosName.setRules(text);
      } catch (IllegalArgumentException e) {
        if (before != null) {
          KerberosName.setRules(before);
        }
        throw new InvalidInputException(source, "Invalid auth_to_local rules in " + source + ": " + e.getMessage());
      }
      KerberosName.resetDefaultRealm(); // the krb5.conf may have changed since another part of the JVM read it
      return new AuthToLocal(text, source, KerberosName.getRules());
    }
  }

  /** The configuration key the rules come from. */
  public String source() {
    return source;
  }

  /**
   * The local user name of {@code principal} ({@code ada@EAST.EXAMPLE.COM}), or empty when no rule maps it to a
   * simple name (logged at WARN once per principal, at DEBUG after that).
   */
  public Optional<String> map(String principal) {
    String name;
    try {
      synchronized (KerberosName.class) {
        if (!normalized.equals(KerberosName.getRules())) {
          if (!warnedReplaced) {
            warnedReplaced = true;
            LOG.warn("The JVM's auth_to_local rules were replaced; putting back those of {}", source);
          }
          KerberosName.setRules(rules);
        }
        name = new KerberosName(principal).getShortName();
      }
    } catch (IOException | IllegalArgumentException e) {
      refused(principal, e.getMessage());
      return Optional.empty();
    }
    // The MIT mechanism answers the whole principal when no rule applies: that is no local user either.
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("@")) {
      refused(principal, "no rule maps it to a simple name");
      return Optional.empty();
    }
    return Optional.of(name);
  }

  private void refused(String principal, String why) {
    String shown = Authenticator.printable(principal);
    if (logged.put(shown, Boolean.TRUE) == null) {
      LOG.warn("Refused Kerberos principal '{}': the auth_to_local rules of {} map it to no local user ({})", shown,
          source, why);
    } else {
      LOG.debug("Refused Kerberos principal '{}' again ({})", shown, why);
    }
  }
}
