package dev.tandem.client;

import dev.tandem.model.SiteId;

/**
 * The site applications should use now.
 *
 * @param epoch the decision that made it active; a higher epoch is a newer decision
 * @param confirmed the site itself reports being active at this epoch, freshly: only then may applications
 *     write there. Unconfirmed means the decision stands but the site has not (yet, or any longer) proved it can
 *     serve: for instance while it is fenced by a partition.
 */
public record ActiveSite(SiteId site, long epoch, boolean confirmed) {}
