package dev.tandem.arbiter;

import dev.tandem.model.SiteId;
import java.time.Instant;

/**
 * An arbiter's endorsement of the active site, written to both registries every round in which the arbiter
 * found the active site healthy. {@code acknowledged} is the sequence of the active site's status the arbiter
 * judged: the site renews its lease from the moment it <em>issued</em> that status, so an endorsement that
 * arrives late never extends a lease beyond what the arbiter saw.
 */
public record Verdict(String arbiter, long epoch, SiteId active, long acknowledged, long sequence, Instant at) {}
