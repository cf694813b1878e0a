package dev.tandem.engine;

import dev.tandem.model.Site;

/**
 * Everything the engine uses of one site. {@code userData} is the site's backup user database (see
 * {@link UserDataBackup}); {@link UserDataBackup#NONE} for a site that keeps none.
 */
public record SiteHandle(Site site, SnapshotStore files, ManifestReader manifests, Registry registry,
    UserDataBackup userData) {
  public SiteHandle {
    userData = userData == null ? UserDataBackup.NONE : userData;
  }

  /** A site that keeps no user data. */
  public SiteHandle(Site site, SnapshotStore files, ManifestReader manifests, Registry registry) {
    this(site, files, manifests, registry, UserDataBackup.NONE);
  }
}
