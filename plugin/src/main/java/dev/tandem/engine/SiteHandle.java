package dev.tandem.engine;

import dev.tandem.model.Site;

/** Everything the engine uses of one site. */
public record SiteHandle(Site site, SnapshotStore files, ManifestReader manifests, Registry registry) {}
