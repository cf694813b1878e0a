package dev.tandem.client;

import java.util.Optional;

/**
 * Told when the answer of {@link ActiveSiteClient#active()} changes: another site, another epoch, or the same
 * site gaining or losing confirmation. Empty means no site may be written now (a switch is under way, or no
 * registry could be read). Called on the client's thread, in order; a listener that blocks delays the next call.
 */
@FunctionalInterface
public interface ActiveSiteListener {
  void activeSiteChanged(Optional<ActiveSite> before, Optional<ActiveSite> now);
}
